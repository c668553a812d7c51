using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>
    /// A node's election listener on 127.0.0.1, as the reference runs it: it accepts anyone, reads
    /// frames with a <see cref="FrameReader"/>, never writes a byte back, and drops a connection on a
    /// decode error or a 16 KiB unparsed backlog. The sender's identity is whatever the message says.
    /// While the node is paused nothing is read: frames wait in the kernel.
    /// </summary>
    internal sealed class LabElectListener
    {
        private readonly Action<ElectMessage, string> _onFrame;
        private readonly Action<string, string> _onDrop;
        private readonly LabPauseGate _gate;
        private readonly object _sync = new object();
        private readonly ConcurrentDictionary<Socket, Task> _connections = new ConcurrentDictionary<Socket, Task>();
        private TcpListener? _listener;
        private CancellationTokenSource? _stopping;
        private Task? _acceptLoop;

        /// <param name="onFrame">Called with each decoded frame and the remote endpoint it came from.</param>
        /// <param name="onDrop">Called with the remote endpoint and the reason when a connection is dropped for a bad stream.</param>
        /// <param name="gate">The node's pause gate.</param>
        public LabElectListener(Action<ElectMessage, string> onFrame, Action<string, string> onDrop, LabPauseGate gate)
        {
            _onFrame = onFrame;
            _onDrop = onDrop;
            _gate = gate;
        }

        public bool IsListening
        {
            get { lock (_sync) return _listener != null; }
        }

        /// <summary>Inbound connections currently open.</summary>
        public int ConnectionCount => _connections.Count;

        /// <summary>Binds 127.0.0.1:<paramref name="port"/> and starts accepting.</summary>
        public void Start(int port)
        {
            lock (_sync)
            {
                if (_listener != null) throw new InvalidOperationException("the elect listener is already running");
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                _listener = listener;
                _stopping = new CancellationTokenSource();
                var token = _stopping.Token;
                _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, token));
            }
        }

        /// <summary>Closes the listener and every inbound connection, then waits for the loops to end.</summary>
        public void Stop()
        {
            Task? accept;
            CancellationTokenSource? stopping;
            lock (_sync)
            {
                if (_listener == null) return;
                stopping = _stopping;
                stopping!.Cancel();
                _listener.Stop();
                _listener = null;
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
            stopping.Dispose();
        }

        private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stopping)
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket socket;
                try { socket = await listener.AcceptSocketAsync().ConfigureAwait(false); }
                catch (ObjectDisposedException) { return; }
                catch (SocketException) { return; }
                catch (InvalidOperationException) { return; }
                if (stopping.IsCancellationRequested)
                {
                    Close(socket);
                    return;
                }
                var start = new TaskCompletionSource<bool>();
                var loop = Task.Run(async () =>
                {
                    await start.Task.ConfigureAwait(false);
                    await ReadLoopAsync(socket, stopping).ConfigureAwait(false);
                });
                _connections[socket] = loop;
                start.SetResult(true);
                _ = loop.ContinueWith(_ => _connections.TryRemove(socket, out Task _), TaskScheduler.Default);
            }
        }

        private async Task ReadLoopAsync(Socket socket, CancellationToken stopping)
        {
            string remote = socket.RemoteEndPoint?.ToString() ?? "?";
            var reader = new FrameReader();
            var buffer = new byte[4096];
            try
            {
                using (var stream = new NetworkStream(socket, ownsSocket: false))
                {
                    while (!stopping.IsCancellationRequested)
                    {
                        await _gate.WaitAsync(stopping).ConfigureAwait(false);
                        int read = await stream.ReadAsync(buffer, 0, buffer.Length, stopping).ConfigureAwait(false);
                        if (read == 0) return;
                        reader.Feed(new ReadOnlySpan<byte>(buffer, 0, read));
                        while (reader.TryRead(out ElectMessage? message))
                        {
                            // A frame read just before a pause is handled after it, as by a stopped process.
                            await _gate.WaitAsync(stopping).ConfigureAwait(false);
                            _onFrame(message!, remote);
                        }
                        if (reader.IsFaulted)
                        {
                            _onDrop(remote, reader.BufferLimitExceeded
                                ? $"more than {FrameReader.MaxBufferedBytes} bytes without a complete frame"
                                : "decode error " + reader.Error);
                            return; // closed silently, nothing is written back
                        }
                    }
                }
            }
            catch (OperationCanceledException) { }
            catch (System.IO.IOException) { }
            catch (ObjectDisposedException) { }
            catch (SocketException) { }
            finally
            {
                Close(socket);
            }
        }

        private static void Close(Socket socket)
        {
            try { socket.Close(0); }
            catch (ObjectDisposedException) { }
            catch (SocketException) { }
        }
    }
}
