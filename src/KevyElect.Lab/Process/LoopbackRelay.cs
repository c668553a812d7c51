using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Net;

namespace KevyElect.Lab
{
    /// <summary>
    /// A TCP relay on 127.0.0.1 between two nodes of a process lab: node <see cref="From"/> dials the relay's
    /// port (its config names that port for node <see cref="To"/>) and the relay forwards the bytes both ways
    /// to the real port of <see cref="To"/>. While the lab cuts the two apart, the relay closes what it
    /// carries and every new connection at once, as the embedded lab's cuts do.
    /// </summary>
    internal sealed class LoopbackRelay : IDisposable
    {
        private static readonly TimeSpan DialTimeout = TimeSpan.FromSeconds(1);

        private readonly Func<int> _targetPort;
        private readonly Func<bool> _open;
        private readonly LoopbackAcceptor _acceptor;
        private readonly HashSet<Socket> _carried = new HashSet<Socket>();

        /// <param name="from">The node that dials this relay.</param>
        /// <param name="to">The node it leads to.</param>
        /// <param name="targetPort">The real port of <paramref name="to"/>, read at each connection (it moves when a start is retried).</param>
        /// <param name="open">False while the two nodes are cut apart.</param>
        public LoopbackRelay(string from, string to, Func<int> targetPort, Func<bool> open)
        {
            From = from;
            To = to;
            _targetPort = targetPort;
            _open = open;
            _acceptor = new LoopbackAcceptor(CarryAsync);
        }

        public string From { get; }

        public string To { get; }

        /// <summary>The port the relay listens on, 0 until started.</summary>
        public int Port => _acceptor.Port;

        /// <summary>Binds 127.0.0.1:<paramref name="port"/>.</summary>
        /// <exception cref="SocketException">The port is taken.</exception>
        public void Start(int port) => _acceptor.TryStart(port, out _);

        /// <summary>Closes every connection it carries now (a cut was made).</summary>
        public void Cut()
        {
            Socket[] carried;
            lock (_carried) carried = new List<Socket>(_carried).ToArray();
            foreach (var s in carried) Close(s);
        }

        /// <summary>Stops listening and closes every connection.</summary>
        public void Stop() => _acceptor.Stop();

        /// <summary>Same as <see cref="Stop"/>.</summary>
        public void Dispose() => Stop();

        private async Task CarryAsync(Socket inbound, CancellationToken stopping)
        {
            if (!_open()) return;
            Socket outbound;
            try
            {
                outbound = await SocketConnector.ConnectAsync("127.0.0.1", _targetPort(), DialTimeout, stopping).ConfigureAwait(false);
            }
            catch (KevyNetException)
            {
                return; // the node is down: the dialer sees its connection close
            }
            catch (OperationCanceledException)
            {
                return;
            }
            lock (_carried)
            {
                _carried.Add(inbound);
                _carried.Add(outbound);
            }
            try
            {
                if (!_open()) return; // cut while dialing
                Task up = PumpAsync(inbound, outbound), down = PumpAsync(outbound, inbound);
                await Task.WhenAny(up, down).ConfigureAwait(false);
                Close(inbound);
                Close(outbound);
                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            finally
            {
                lock (_carried)
                {
                    _carried.Remove(inbound);
                    _carried.Remove(outbound);
                }
                Close(outbound);
            }
        }

        private static async Task PumpAsync(Socket source, Socket sink)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    int n = await source.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false);
                    if (n == 0) return;
                    for (int sent = 0; sent < n;)
                        sent += await sink.SendAsync(new ArraySegment<byte>(buffer, sent, n - sent), SocketFlags.None).ConfigureAwait(false);
                }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }

        private static void Close(Socket socket)
        {
            try { socket.Close(0); }
            catch (ObjectDisposedException) { }
            catch (SocketException) { }
        }
    }
}
