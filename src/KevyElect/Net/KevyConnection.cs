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
            SocketConnector.ValidateTimeout(timeout);
            if (_disposed) throw new ObjectDisposedException(nameof(KevyConnection), Endpoint + ": the connection is disposed");
            if (_brokenBecause != null)
                throw new KevyNetException(Endpoint, KevyNetErrorKind.Closed, "connection unusable after an earlier failure (" + _brokenBecause + ")");
            ct.ThrowIfCancellationRequested();
            if (Interlocked.Exchange(ref _busy, 1) != 0)
                throw new InvalidOperationException(Endpoint + ": a command is already running on this connection");

            byte[] request = RespWriter.Command(args);
            var deadline = new SocketDeadline(_socket, timeout, ct);
            try
            {
                await SendAllAsync(request).ConfigureAwait(false);
                RespValue reply = await ReadReplyAsync().ConfigureAwait(false);
                deadline.Dispose();
                if (deadline.Fired)
                {
                    // The reply arrived just as the deadline tore the socket down.
                    _brokenBecause = "aborted by timeout or cancellation";
                }
                return reply;
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

        private async Task<RespValue> ReadReplyAsync()
        {
            int limit = _maxReplyBytes;
            byte[] buffer = new byte[Math.Min(InitialBufferBytes, limit)];
            int filled = 0;
            while (true)
            {
                if (filled > 0)
                {
                    RespReadStatus status = RespReader.TryReadReply(new ReadOnlySpan<byte>(buffer, 0, filled), out RespValue? value, out int consumed);
                    if (status == RespReadStatus.Complete)
                    {
                        if (consumed != filled)
                            throw new KevyNetException(Endpoint, KevyNetErrorKind.ProtocolViolation,
                                $"{filled - consumed} unexpected bytes after the reply: {Preview(buffer, consumed, filled - consumed)}");
                        return value!;
                    }
                    if (status == RespReadStatus.Malformed)
                        throw new KevyNetException(Endpoint, KevyNetErrorKind.ProtocolViolation,
                            "the reply is not RESP2: " + Preview(buffer, 0, filled));
                }

                if (filled == buffer.Length)
                {
                    if (buffer.Length >= limit)
                        throw new KevyNetException(Endpoint, KevyNetErrorKind.ReplyTooLarge,
                            $"reply exceeds the {limit}-byte limit (raise MaxReplyBytes if this is expected)");
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
                }

                int received = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, filled, buffer.Length - filled), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    throw new KevyNetException(Endpoint, KevyNetErrorKind.Closed, filled == 0
                        ? "connection closed by the node before it replied"
                        : $"connection closed by the node after {filled} bytes of an incomplete reply");
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
