using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Protocol;

namespace KevyElect.Net
{
    /// <summary>
    /// One TCP connection to a kevy client port, running one RESP2 command at a time. Timeouts and
    /// cancellation abort promptly even when the node accepts and then never answers; after any
    /// failure the connection is unusable and further commands fail with <see cref="KevyNetErrorKind.Closed"/>.
    /// </summary>
    public sealed class KevyConnection : IDisposable
    {
        /// <summary>The default largest reply accepted: 4 MiB.</summary>
        public const int DefaultMaxReplyBytes = 4 * 1024 * 1024;

        private const int InitialBufferBytes = 4096;

        private readonly Socket _socket;
        private int _maxReplyBytes = DefaultMaxReplyBytes;
        private int _busy;
        private byte[]? _receiveBuffer; // kept between exchanges: a watch asks every node every second on one connection
        private string? _brokenBecause;
        private bool _disposed;

        private KevyConnection(Socket socket, string host, int port)
        {
            _socket = socket;
            Host = host;
            Port = port;
            Endpoint = HostPort.Format(host, port);
        }

        /// <summary>The host as given (without IPv6 brackets).</summary>
        public string Host { get; }

        /// <summary>The port connected to.</summary>
        public int Port { get; }

        /// <summary><c>host:port</c>, as used in error messages.</summary>
        public string Endpoint { get; }

        /// <summary>Largest reply accepted, in bytes; a longer one fails with <see cref="KevyNetErrorKind.ReplyTooLarge"/>.</summary>
        public int MaxReplyBytes
        {
            get => _maxReplyBytes;
            set => _maxReplyBytes = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the limit must be positive");
        }

        /// <summary>False once a command failed or the connection was disposed.</summary>
        public bool IsUsable => _brokenBecause is null && !_disposed;

        /// <summary>
        /// True when the connection is usable and nothing is waiting to be read: a connection kept idle between commands
        /// is readable only once the node closed it or sent something unasked, and then it cannot serve the next command.
        /// </summary>
        internal bool IsQuiet()
        {
            if (!IsUsable || Volatile.Read(ref _busy) != 0) return false;
            try { return !_socket.Poll(0, SelectMode.SelectRead); }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { return false; }
        }

        /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> (IPv4 addresses first).</summary>
        /// <exception cref="KevyNetException">Refused, timed out, unresolvable or unreachable.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public static async Task<KevyConnection> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
        {
            Socket socket = await SocketConnector.ConnectAsync(host, port, timeout, ct).ConfigureAwait(false);
            return new KevyConnection(socket, SocketConnector.Unbracket(host.Trim()), port);
        }

        /// <summary>
        /// Sends one command and reads its reply; <paramref name="timeout"/> bounds the whole exchange.
        /// Error replies (<c>-ERR ...</c>) are returned as values, not thrown.
        /// </summary>
        /// <exception cref="KevyNetException">Timeout, reset, close, protocol violation or an oversized reply.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public async Task<RespValue> ExecuteAsync(TimeSpan timeout, CancellationToken ct, params string[] args)
        {
            if (args is null || args.Length == 0) throw new ArgumentException("a command needs at least one argument", nameof(args));
            RespValue[] replies = await ExchangeAsync(RespWriter.Command(args), 1, timeout, ct).ConfigureAwait(false);
            return replies[0];
        }

        /// <summary>
        /// Sends <paramref name="first"/> and <paramref name="second"/> in one write and reads both replies, in order
        /// (pipelining: one round trip instead of two); <paramref name="timeout"/> bounds the whole exchange. Error replies are
        /// returned as values, so an error to the first command still gives the second's reply.
        /// </summary>
        /// <exception cref="KevyNetException">Timeout, reset, close, protocol violation or an oversized reply.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        internal async Task<(RespValue First, RespValue Second)> ExecutePairAsync(string[] first, string[] second, TimeSpan timeout, CancellationToken ct)
        {
            byte[] a = RespWriter.Command(first), b = RespWriter.Command(second);
            byte[] request = new byte[a.Length + b.Length];
            Buffer.BlockCopy(a, 0, request, 0, a.Length);
            Buffer.BlockCopy(b, 0, request, a.Length, b.Length);
            RespValue[] replies = await ExchangeAsync(request, 2, timeout, ct).ConfigureAwait(false);
            return (replies[0], replies[1]);
        }

        private async Task<RespValue[]> ExchangeAsync(byte[] request, int replyCount, TimeSpan timeout, CancellationToken ct)
        {
            SocketConnector.ValidateTimeout(timeout);
            if (_disposed) throw new ObjectDisposedException(nameof(KevyConnection), Endpoint + ": the connection is disposed");
            if (_brokenBecause != null)
                throw new KevyNetException(Endpoint, KevyNetErrorKind.Closed, "connection unusable after an earlier failure (" + _brokenBecause + ")");
            ct.ThrowIfCancellationRequested();
            if (Interlocked.Exchange(ref _busy, 1) != 0)
                throw new InvalidOperationException(Endpoint + ": a command is already running on this connection");

            var deadline = new SocketDeadline(_socket, timeout, ct);
            try
            {
                await SendAllAsync(request).ConfigureAwait(false);
                RespValue[] replies = await ReadRepliesAsync(replyCount).ConfigureAwait(false);
                deadline.Dispose();
                if (deadline.Fired)
                {
                    // The reply arrived just as the deadline tore the socket down.
                    _brokenBecause = "aborted by timeout or cancellation";
                }
                return replies;
            }
            catch (Exception e) when (SocketDeadline.IsSocketFailure(e))
            {
                deadline.Dispose();
                Exception translated = deadline.Translate(e, Endpoint, connecting: false);
                Break(translated);
                throw translated;
            }
            catch (Exception e)
            {
                deadline.Dispose();
                Break(e);
                throw;
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }
        }

        private void Break(Exception reason)
        {
            _brokenBecause ??= KevyNetException.Detail(reason, Endpoint);
            try { _socket.Dispose(); } catch (Exception) { /* already gone */ }
        }

        private async Task SendAllAsync(byte[] request)
        {
            int sent = 0;
            while (sent < request.Length)
                sent += await _socket.SendAsync(new ArraySegment<byte>(request, sent, request.Length - sent), SocketFlags.None).ConfigureAwait(false);
        }

        /// <summary>Reads <paramref name="count"/> replies; bytes beyond the last one are a protocol violation.</summary>
        private async Task<RespValue[]> ReadRepliesAsync(int count)
        {
            int limit = _maxReplyBytes;
            byte[] buffer = _receiveBuffer != null && _receiveBuffer.Length <= limit ? _receiveBuffer : new byte[Math.Min(InitialBufferBytes, limit)];
            _receiveBuffer = null;
            var replies = new RespValue[count];
            int done = 0, start = 0, filled = 0;
            while (true)
            {
                while (filled > start)
                {
                    RespReadStatus status = RespReader.TryReadReply(new ReadOnlySpan<byte>(buffer, start, filled - start), out RespValue? value, out int consumed);
                    if (status == RespReadStatus.Malformed)
                        throw new KevyNetException(Endpoint, KevyNetErrorKind.ProtocolViolation,
                            "the reply is not RESP2: " + Preview(buffer, start, filled - start));
                    if (status != RespReadStatus.Complete) break;
                    replies[done++] = value!;
                    start += consumed;
                    if (done == count)
                    {
                        if (start != filled)
                            throw new KevyNetException(Endpoint, KevyNetErrorKind.ProtocolViolation,
                                $"{filled - start} unexpected bytes after the reply: {Preview(buffer, start, filled - start)}");
                        // The parser copied what it kept, so the buffer serves the next exchange (a large one is let go).
                        if (buffer.Length <= 4 * InitialBufferBytes) _receiveBuffer = buffer;
                        return replies;
                    }
                }

                if (filled == buffer.Length)
                {
                    if (start > 0)
                    {
                        // Replies already read make room: move the unfinished one to the front.
                        Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                        filled -= start;
                        start = 0;
                    }
                    else if (buffer.Length >= limit)
                        throw new KevyNetException(Endpoint, KevyNetErrorKind.ReplyTooLarge,
                            $"reply exceeds the {limit}-byte limit (raise MaxReplyBytes if this is expected)");
                    else
                        Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
                }

                int received = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, filled, buffer.Length - filled), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    throw new KevyNetException(Endpoint, KevyNetErrorKind.Closed, filled == start
                        ? "connection closed by the node before it replied"
                        : $"connection closed by the node after {filled - start} bytes of an incomplete reply");
                }
                filled += received;
            }
        }

        /// <summary>The first bytes, printable ASCII as is and the rest escaped, for error messages.</summary>
        internal static string Preview(byte[] bytes, int offset, int count)
        {
            const int Max = 40;
            var sb = new StringBuilder("\"");
            for (int i = 0; i < Math.Min(count, Max); i++)
            {
                byte b = bytes[offset + i];
                if (b == (byte)'\r') sb.Append("\\r");
                else if (b == (byte)'\n') sb.Append("\\n");
                else if (b == (byte)'"' || b == (byte)'\\') sb.Append('\\').Append((char)b);
                else if (b >= 0x20 && b < 0x7F) sb.Append((char)b);
                else sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            sb.Append('"');
            if (count > Max) sb.Append("...");
            return sb.ToString();
        }

        /// <summary>Closes the connection.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _socket.Dispose();
        }

        /// <inheritdoc />
        public override string ToString() => Endpoint;
    }
}
