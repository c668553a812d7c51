using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Net;

namespace KevyElect.Lab
{
    /// <summary>
    /// One node's persistent outbound election connection to one peer. Frames wait in a bounded
    /// queue (when full the OLDEST is dropped: a fresh heartbeat is worth more than a stale one);
    /// the loop dials on demand, writes what is queued, and on any failure closes the socket and
    /// drops the frames it held, like frames written into a dead TCP connection. A failed dial
    /// waits <see cref="ReconnectDelay"/> before the next; frames queued meanwhile are dropped.
    /// Across a connectivity cut nothing is sent and the connection is closed.
    /// </summary>
    internal sealed class LabPeerSender : IDisposable
    {
        public static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(50);
        private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(1);

        private readonly string _host;
        private readonly int _port;
        private readonly Func<bool> _canReach;
        private readonly LabPauseGate _gate;
        private readonly int _capacity;
        private readonly object _sync = new object();
        private readonly Queue<byte[]> _queue = new Queue<byte[]>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Task _loop;
        private Socket? _socket;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan _nextDialAt = TimeSpan.Zero;
        private long _dropped;
        private int _stopped;

        public LabPeerSender(string peerId, string host, int port, Func<bool> canReach, LabPauseGate gate, int capacity)
        {
            PeerId = peerId;
            _host = host;
            _port = port;
            _canReach = canReach;
            _gate = gate;
            _capacity = capacity;
            _loop = Task.Run(() => RunAsync(_stopping.Token));
        }

        public string PeerId { get; }

        /// <summary>Frames lost: queue overflow, a cut, a failed dial or a broken connection.</summary>
        public long Dropped => Interlocked.Read(ref _dropped);

        public bool IsConnected
        {
            get { lock (_sync) return _socket != null; }
        }

        public void Enqueue(byte[] frame)
        {
            lock (_sync)
            {
                if (_queue.Count == _capacity)
                {
                    _queue.Dequeue();
                    _dropped++;
                }
                _queue.Enqueue(frame);
            }
            _signal.Release();
        }

        /// <summary>Closes the connection now (a cut was made); the loop redials when frames may flow again.</summary>
        public void Disconnect()
        {
            lock (_sync) CloseLocked();
        }

        /// <summary>Stops the loop and closes the socket; later calls do nothing.</summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
            _stopping.Cancel();
            lock (_sync) CloseLocked();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
            _stopping.Dispose();
            _signal.Dispose();
        }

        /// <summary>Same as <see cref="Stop"/>.</summary>
        public void Dispose() => Stop();

        private async Task RunAsync(CancellationToken stopping)
        {
            try
            {
                while (true)
                {
                    await _signal.WaitAsync(stopping).ConfigureAwait(false);
                    await _gate.WaitAsync(stopping).ConfigureAwait(false);
                    var (batch, frames) = TakeBatch();
                    if (batch == null) continue;
                    if (!_canReach())
                    {
                        Lost(frames);
                        Disconnect();
                        continue;
                    }
                    Socket? socket = await EnsureConnectedAsync(stopping).ConfigureAwait(false);
                    if (socket == null)
                    {
                        Lost(frames);
                        continue;
                    }
                    if (!_canReach())
                    {
                        // Cut while dialling.
                        Lost(frames);
                        Disconnect();
                        continue;
                    }
                    if (!await WriteAsync(socket, batch, stopping).ConfigureAwait(false))
                    {
                        Lost(frames);
                        lock (_sync)
                        {
                            if (ReferenceEquals(_socket, socket)) CloseLocked();
                        }
                    }
                }
            }
            catch (OperationCanceledException) { }
            catch (ObjectDisposedException) { }
        }

        /// <summary>Everything queued, concatenated into one write, and how many frames it holds.</summary>
        private (byte[]? Bytes, int Frames) TakeBatch()
        {
            lock (_sync)
            {
                if (_queue.Count == 0) return (null, 0);
                int total = 0;
                foreach (byte[] f in _queue) total += f.Length;
                var batch = new byte[total];
                int at = 0;
                int frames = _queue.Count;
                while (_queue.Count > 0)
                {
                    byte[] f = _queue.Dequeue();
                    Buffer.BlockCopy(f, 0, batch, at, f.Length);
                    at += f.Length;
                }
                return (batch, frames);
            }
        }

        private void Lost(int frames) => Interlocked.Add(ref _dropped, frames);

        private async Task<Socket?> EnsureConnectedAsync(CancellationToken stopping)
        {
            lock (_sync)
            {
                if (_socket != null) return _socket;
                if (_clock.Elapsed < _nextDialAt) return null;
            }
            Socket socket;
            try
            {
                socket = await SocketConnector.ConnectAsync(_host, _port, IoTimeout, stopping).ConfigureAwait(false);
            }
            catch (KevyNetException)
            {
                lock (_sync) _nextDialAt = _clock.Elapsed + ReconnectDelay;
                return null;
            }
            socket.NoDelay = true;
            lock (_sync)
            {
                if (stopping.IsCancellationRequested)
                {
                    socket.Close(0);
                    return null;
                }
                _socket = socket;
                return socket;
            }
        }

        private static async Task<bool> WriteAsync(Socket socket, byte[] batch, CancellationToken stopping)
        {
            try
            {
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                using (var stream = new NetworkStream(socket, ownsSocket: false))
                {
                    timeout.CancelAfter(IoTimeout);
                    await stream.WriteAsync(batch, 0, batch.Length, timeout.Token).ConfigureAwait(false);
                    return true;
                }
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested) { return false; }
            catch (System.IO.IOException) { return false; }
            catch (SocketException) { return false; }
            catch (ObjectDisposedException) { return false; }
        }

        private void CloseLocked()
        {
            if (_socket == null) return;
            try { _socket.Close(0); }
            catch (ObjectDisposedException) { }
            catch (SocketException) { }
            _socket = null;
        }
    }
}
