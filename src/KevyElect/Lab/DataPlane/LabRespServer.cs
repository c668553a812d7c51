using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
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

        private readonly Func<IReadOnlyList<byte[]>, RespValue> _handler;
        private readonly int _maxBuffer;
        private readonly object _sync = new object();
        private readonly ConcurrentDictionary<TcpClient, Task> _connections = new ConcurrentDictionary<TcpClient, Task>();
        private TcpListener? _listener;
        private CancellationTokenSource? _stopping;
        private Task? _acceptLoop;
        private TaskCompletionSource<bool> _resumed = NewGate(open: true);

        public LabRespServer(Func<IReadOnlyList<byte[]>, RespValue> handler, int maxBuffer)
        {
            _handler = handler;
            _maxBuffer = maxBuffer;
        }

        /// <summary>The bound port while listening, else 0.</summary>
        public int Port { get; private set; }

        public bool IsListening => _listener != null;

        public bool IsPaused => !_resumed.Task.IsCompleted;

        /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0 = any free port) and starts accepting.</summary>
        public int Start(int port)
        {
            lock (_sync)
            {
                if (_listener != null) throw new InvalidOperationException("the server is already listening");
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                _listener = listener;
                _stopping = new CancellationTokenSource();
                Port = ((IPEndPoint)listener.LocalEndpoint).Port;
                _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, _stopping.Token));
                return Port;
            }
        }

        /// <summary>Closes the listener and every connection, then waits for the loops to end.</summary>
        public void Stop()
        {
            Task? accept;
            lock (_sync)
            {
                if (_listener == null) return;
                _stopping!.Cancel();
                _listener.Stop();
                _listener = null;
                Port = 0;
                accept = _acceptLoop;
                _acceptLoop = null;
            }
            var loops = new List<Task>();
            if (accept != null) loops.Add(accept);
            foreach (var pair in _connections)
            {
                Close(pair.Key);
                loops.Add(pair.Value);
            }
            try { Task.WaitAll(loops.ToArray(), TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { /* loops end by exception when their socket closes */ }
            _stopping!.Dispose();
        }

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

        private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stopping)
        {
            while (!stopping.IsCancellationRequested)
            {
                if (!await WaitResumedAsync(stopping).ConfigureAwait(false)) return;
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (ObjectDisposedException) { return; }
                catch (SocketException) { return; }
                catch (InvalidOperationException) { return; }
                if (stopping.IsCancellationRequested)
                {
                    Close(client);
                    return;
                }
                client.NoDelay = true;
                var gate = new TaskCompletionSource<bool>();
                var loop = Task.Run(async () =>
                {
                    await gate.Task.ConfigureAwait(false);
                    await ConnectionLoopAsync(client, stopping).ConfigureAwait(false);
                });
                _connections[client] = loop;
                gate.SetResult(true);
                _ = loop.ContinueWith(_ => _connections.TryRemove(client, out var _), TaskScheduler.Default);
            }
        }

        private async Task ConnectionLoopAsync(TcpClient client, CancellationToken stopping)
        {
            var buffer = new byte[4096];
            int filled = 0;
            try
            {
                var stream = client.GetStream();
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
                        var reply = RespWriter.Reply(_handler(args!));
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
            finally
            {
                Close(client);
            }
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

        private static void Close(TcpClient client)
        {
            // TcpClient forgets its socket once disposed; closing twice (stop racing a loop's exit) is harmless.
            var socket = client.Client;
            try { socket?.Close(0); } catch (ObjectDisposedException) { } catch (SocketException) { }
            client.Dispose();
        }

        private static TaskCompletionSource<bool> NewGate(bool open)
        {
            var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (open) tcs.SetResult(true);
            return tcs;
        }
    }
}
