using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>
    /// A RESP2 server on 127.0.0.1: an accept loop and one read loop per connection, each command
    /// answered by a handler. Pausing stops taking up connections and commands (bytes queue in the
    /// kernel and clients hang, as with a stopped process). Stopping closes every socket.
    /// </summary>
    internal sealed class LabRespServer : IDisposable
    {
        private static readonly byte[] ProtocolError = Encoding.ASCII.GetBytes("-ERR Protocol error\r\n");

        private readonly Func<IReadOnlyList<byte[]>, Task<RespValue>> _handler;
        private readonly int _maxBuffer;
        private readonly object _sync = new object();
        private readonly LoopbackAcceptor _acceptor;
        private TaskCompletionSource<bool> _resumed = NewGate(open: true);

        public LabRespServer(Func<IReadOnlyList<byte[]>, Task<RespValue>> handler, int maxBuffer)
        {
            _handler = handler;
            _maxBuffer = maxBuffer;
            // While paused no connection is taken up either: clients wait in the kernel's backlog.
            _acceptor = new LoopbackAcceptor(ConnectionLoopAsync, WaitResumedAsync);
        }

        /// <summary>The bound port while listening, else 0.</summary>
        public int Port => _acceptor.Port;

        public bool IsListening => _acceptor.IsListening;

        public bool IsPaused => !_resumed.Task.IsCompleted;

        /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0 = any free port) and starts accepting.</summary>
        public int Start(int port)
        {
            if (!_acceptor.TryStart(port, out int bound)) throw new InvalidOperationException("the server is already listening");
            return bound;
        }

        /// <summary>Closes the listener and every connection, then waits for the loops to end.</summary>
        public void Stop() => _acceptor.Stop();

        public void Pause()
        {
            lock (_sync)
            {
                if (_resumed.Task.IsCompleted) _resumed = NewGate(open: false);
            }
        }

        public void Resume()
        {
            lock (_sync) _resumed.TrySetResult(true);
        }

        public void Dispose() => Stop();

        private async Task ConnectionLoopAsync(Socket socket, CancellationToken stopping)
        {
            var buffer = new byte[4096];
            int filled = 0;
            try
            {
                socket.NoDelay = true;
                using var stream = new NetworkStream(socket, ownsSocket: false);
                while (!stopping.IsCancellationRequested)
                {
                    if (!await WaitResumedAsync(stopping).ConfigureAwait(false)) return;
                    if (filled == buffer.Length)
                    {
                        if (buffer.Length >= _maxBuffer) return; // an unbounded command: drop the client
                        Array.Resize(ref buffer, Math.Min(buffer.Length * 2, _maxBuffer));
                    }
                    int read = await stream.ReadAsync(buffer, filled, buffer.Length - filled, stopping).ConfigureAwait(false);
                    if (read == 0) return;
                    filled += read;
                    int start = 0;
                    while (start < filled)
                    {
                        if (!await WaitResumedAsync(stopping).ConfigureAwait(false)) return;
                        var status = RespReader.TryReadCommand(new ReadOnlySpan<byte>(buffer, start, filled - start), out var args, out int consumed);
                        if (status == RespReadStatus.Incomplete)
                        {
                            start += consumed;
                            break;
                        }
                        if (status == RespReadStatus.Malformed)
                        {
                            await stream.WriteAsync(ProtocolError, 0, ProtocolError.Length, stopping).ConfigureAwait(false);
                            return;
                        }
                        start += consumed;
                        var reply = RespWriter.Reply(await _handler(args!).ConfigureAwait(false));
                        await stream.WriteAsync(reply, 0, reply.Length, stopping).ConfigureAwait(false);
                    }
                    Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                    filled -= start;
                }
            }
            catch (OperationCanceledException) { }
            catch (System.IO.IOException) { }
            catch (ObjectDisposedException) { }
            catch (SocketException) { }
            catch (InvalidOperationException) { }
        }

        private async Task<bool> WaitResumedAsync(CancellationToken stopping)
        {
            Task gate;
            lock (_sync) gate = _resumed.Task;
            if (gate.IsCompleted) return !stopping.IsCancellationRequested;
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (stopping.Register(() => cancelled.TrySetResult(true)))
            {
                await Task.WhenAny(gate, cancelled.Task).ConfigureAwait(false);
            }
            return !stopping.IsCancellationRequested;
        }

        private static TaskCompletionSource<bool> NewGate(bool open)
        {
            var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (open) tcs.SetResult(true);
            return tcs;
        }
    }
}
