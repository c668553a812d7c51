using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Protocol;

namespace KevyElect.Net
{
    /// <summary>
    /// Writes elect frames to a node's elect port. The port never answers, so success means only that
    /// the local stack accepted the bytes; verify the effect on the data plane.
    /// </summary>
    public sealed class ElectSender : IDisposable
    {
        private readonly Socket _socket;
        private string? _brokenBecause;
        private bool _disposed;

        private ElectSender(Socket socket, string endpoint)
        {
            _socket = socket;
            Endpoint = endpoint;
        }

        /// <summary><c>host:port</c> of the elect listener.</summary>
        public string Endpoint { get; }

        /// <summary>Connects to an elect port.</summary>
        /// <exception cref="KevyNetException">Refused, timed out, unresolvable or unreachable.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public static async Task<ElectSender> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
        {
            Socket socket = await SocketConnector.ConnectAsync(host, port, timeout, ct).ConfigureAwait(false);
            return new ElectSender(socket, HostPort.Format(SocketConnector.Unbracket(host.Trim()), port));
        }

        /// <summary>Encodes and writes one frame; returns the bytes written.</summary>
        public Task<int> SendAsync(ElectMessage message, TimeSpan timeout, CancellationToken ct)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            return SendBytesAsync(ElectCodec.Encode(message), timeout, ct);
        }

        /// <summary>Encodes the frames back to back and writes them in one go; returns the bytes written.</summary>
        public Task<int> SendAsync(IEnumerable<ElectMessage> messages, TimeSpan timeout, CancellationToken ct) =>
            SendBytesAsync(EncodeAll(messages), timeout, ct);

        /// <summary>Writes raw bytes (already encoded frames); returns the bytes written.</summary>
        /// <exception cref="KevyNetException">Timed out (the node stopped reading), reset or closed.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public async Task<int> SendBytesAsync(byte[] bytes, TimeSpan timeout, CancellationToken ct)
        {
            if (bytes is null) throw new ArgumentNullException(nameof(bytes));
            SocketConnector.ValidateTimeout(timeout);
            if (_disposed) throw new ObjectDisposedException(nameof(ElectSender), Endpoint + ": the sender is disposed");
            if (_brokenBecause != null)
                throw new KevyNetException(Endpoint, KevyNetErrorKind.Closed, "connection unusable after an earlier failure (" + _brokenBecause + ")");
            ct.ThrowIfCancellationRequested();

            var deadline = new SocketDeadline(_socket, timeout, ct);
            try
            {
                int sent = 0;
                while (sent < bytes.Length)
                    sent += await _socket.SendAsync(new ArraySegment<byte>(bytes, sent, bytes.Length - sent), SocketFlags.None).ConfigureAwait(false);
                deadline.Dispose();
                if (deadline.Fired) _brokenBecause = "aborted by timeout or cancellation";
                return sent;
            }
            catch (Exception e) when (SocketDeadline.IsSocketFailure(e))
            {
                deadline.Dispose();
                Exception translated = deadline.Translate(e, Endpoint, connecting: false);
                if (translated is KevyNetException { Kind: KevyNetErrorKind.Timeout })
                    translated = new KevyNetException(Endpoint, KevyNetErrorKind.Timeout, "write not accepted within " + deadline.TimeoutText + " (is the node reading?)", e);
                _brokenBecause = KevyNetException.Detail(translated, Endpoint);
                _socket.Dispose();
                throw translated;
            }
        }

        /// <summary>
        /// Connects, writes the frames, and closes the sending side cleanly; returns the bytes written.
        /// <paramref name="timeout"/> bounds the connect and the write together.
        /// </summary>
        public static async Task<int> SendOnceAsync(string host, int port, IEnumerable<ElectMessage> messages, TimeSpan timeout, CancellationToken ct)
        {
            byte[] bytes = EncodeAll(messages);
            var clock = Stopwatch.StartNew();
            using (ElectSender sender = await ConnectAsync(host, port, timeout, ct).ConfigureAwait(false))
            {
                TimeSpan remaining = SocketConnector.Remaining(timeout, clock);
                if (remaining != Timeout.InfiniteTimeSpan && remaining < TimeSpan.FromMilliseconds(1))
                    remaining = TimeSpan.FromMilliseconds(1);
                int written = await sender.SendBytesAsync(bytes, remaining, ct).ConfigureAwait(false);
                sender.Close();
                return written;
            }
        }

        /// <summary>Tries a TCP connect to an elect port and reports whether it succeeded and how long it took.</summary>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public static async Task<ElectProbeResult> ProbeAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
        {
            SocketConnector.Validate(host, port, timeout);
            string endpoint = HostPort.Format(SocketConnector.Unbracket(host.Trim()), port);
            var clock = Stopwatch.StartNew();
            try
            {
                using (Socket socket = await SocketConnector.ConnectAsync(host, port, timeout, ct).ConfigureAwait(false))
                {
                    return new ElectProbeResult(endpoint, true, clock.Elapsed, null, null);
                }
            }
            catch (KevyNetException e)
            {
                return new ElectProbeResult(endpoint, false, clock.Elapsed, e.Kind, e.Message);
            }
        }

        /// <summary>Half-closes the sending side so queued frames are delivered, then releases the socket.</summary>
        public void Close()
        {
            if (_disposed) return;
            try { _socket.Shutdown(SocketShutdown.Send); } catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { /* already closed */ }
            Dispose();
        }

        /// <summary>Releases the socket.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _socket.Dispose();
        }

        private static byte[] EncodeAll(IEnumerable<ElectMessage> messages)
        {
            if (messages is null) throw new ArgumentNullException(nameof(messages));
            var frames = new List<byte[]>();
            int total = 0;
            foreach (ElectMessage m in messages)
            {
                if (m is null) throw new ArgumentException("the message list contains a null entry", nameof(messages));
                byte[] frame = ElectCodec.Encode(m);
                frames.Add(frame);
                total += frame.Length;
            }
            byte[] all = new byte[total];
            int at = 0;
            foreach (byte[] f in frames)
            {
                Buffer.BlockCopy(f, 0, all, at, f.Length);
                at += f.Length;
            }
            return all;
        }
    }
}
