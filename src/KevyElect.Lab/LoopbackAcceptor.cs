using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.Lab
{
    /// <summary>
    /// Accepts TCP connections on 127.0.0.1 and serves each one on its own loop, keeping a registry of the
    /// open connections so that stopping can close every socket and wait for every loop. What a connection
    /// does is the server's business: the acceptor only starts, tracks and closes it.
    /// </summary>
    internal sealed class LoopbackAcceptor : IDisposable
    {
        private readonly Func<Socket, CancellationToken, Task> _serve;
        private readonly Func<CancellationToken, Task<bool>>? _mayAccept;
        private readonly object _sync = new object();
        private readonly ConcurrentDictionary<Socket, Task> _connections = new ConcurrentDictionary<Socket, Task>();
        private TcpListener? _listener;
        private CancellationTokenSource? _stopping;
        private Task? _acceptLoop;

        /// <param name="serve">Runs one connection until it ends; the socket is closed afterwards.</param>
        /// <param name="mayAccept">Awaited before each accept (a server may hold off taking connections); false ends the accept loop.</param>
        public LoopbackAcceptor(Func<Socket, CancellationToken, Task> serve, Func<CancellationToken, Task<bool>>? mayAccept = null)
        {
            _serve = serve;
            _mayAccept = mayAccept;
        }

        /// <summary>The bound port while listening, else 0.</summary>
        public int Port { get; private set; }

        public bool IsListening
        {
            get { lock (_sync) return _listener != null; }
        }

        /// <summary>Connections currently open.</summary>
        public int ConnectionCount => _connections.Count;

        /// <summary>
        /// Binds 127.0.0.1:<paramref name="port"/> (0 = any free port) and starts accepting; false when already
        /// listening, so the server can say in its own words what was wrong.
        /// </summary>
        public bool TryStart(int port, out int boundPort)
        {
            lock (_sync)
            {
                boundPort = 0;
                if (_listener != null) return false;
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    throw new LabPortInUseException(port, e);
                }
                _listener = listener;
                _stopping = new CancellationTokenSource();
                var token = _stopping.Token;
                Port = boundPort = ((IPEndPoint)listener.LocalEndpoint).Port;
                _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, token));
                return true;
            }
        }

        /// <summary>Closes the listener and every connection, then waits (up to 5 s) for the loops to end.</summary>
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
            stopping.Dispose();
        }

        /// <summary>Same as <see cref="Stop"/>: the acceptor owns its listener and the token that stops its loops.</summary>
        public void Dispose() => Stop();

        private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stopping)
        {
            while (!stopping.IsCancellationRequested)
            {
                if (_mayAccept != null && !await _mayAccept(stopping).ConfigureAwait(false)) return;
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
                // The loop starts serving only once it is in the registry, where Stop looks for what to close.
                var registered = new TaskCompletionSource<bool>();
                var loop = Task.Run(async () =>
                {
                    await registered.Task.ConfigureAwait(false);
                    try { await _serve(socket, stopping).ConfigureAwait(false); }
                    finally { Close(socket); }
                }, CancellationToken.None); // not stopping: a loop that never ran would never close its socket
                _connections[socket] = loop;
                registered.SetResult(true);
                _ = loop.ContinueWith(_ => _connections.TryRemove(socket, out Task _), TaskScheduler.Default);
            }
        }

        private static void Close(Socket socket)
        {
            // Stop racing a loop's own exit may close a socket twice: harmless.
            try { socket.Close(0); }
            catch (ObjectDisposedException) { }
            catch (SocketException) { }
        }
    }
}
