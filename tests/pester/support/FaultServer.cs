// A loopback data-plane endpoint that misbehaves in one named way, for the cmdlet fault tests.
// Compiled by Add-Type in tests/pester/NetworkFaults.Tests.ps1.
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElectTests
{
    public sealed class FaultServer : IDisposable
    {
        private const string Role = "*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:17204\r\n$9\r\nconnected\r\n:3\r\n";
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<Socket> _clients = new List<Socket>();
        private readonly string _mode;

        // Modes: Silent, ResetMidReply, Drip, Oversize, Garbage.
        public FaultServer(string mode)
        {
            _mode = mode;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            Task.Run(AcceptLoop);
        }

        public int Port { get; }

        // A port nobody listens on: connecting to it is refused.
        public static int RefusedPort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket s;
                try { s = await _listener.AcceptSocketAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                lock (_clients) _clients.Add(s);
                _ = Task.Run(() => Serve(s));
            }
        }

        private async Task Serve(Socket s)
        {
            try
            {
                var buffer = new byte[4096];
                await s.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false);
                byte[] reply = Encoding.ASCII.GetBytes(Role);
                switch (_mode)
                {
                    case "Silent":
                        break;
                    case "ResetMidReply":
                        await s.SendAsync(new ArraySegment<byte>(reply, 0, reply.Length / 2), SocketFlags.None).ConfigureAwait(false);
                        await Task.Delay(50).ConfigureAwait(false);
                        s.LingerState = new LingerOption(true, 0);
                        s.Close();
                        break;
                    case "Drip":
                        // Far slower than any sane reply: the cmdlet's timeout must end it.
                        foreach (byte b in reply)
                        {
                            await s.SendAsync(new ArraySegment<byte>(new[] { b }), SocketFlags.None).ConfigureAwait(false);
                            await Task.Delay(200, _stop.Token).ConfigureAwait(false);
                        }
                        break;
                    case "Oversize":
                        await s.SendAsync(new ArraySegment<byte>(Encoding.ASCII.GetBytes("$536870000\r\n")), SocketFlags.None).ConfigureAwait(false);
                        var chunk = new byte[64 * 1024];
                        for (int i = 0; i < chunk.Length; i++) chunk[i] = (byte)'z';
                        for (int sent = 0; sent < 8 * 1024 * 1024 && !_stop.IsCancellationRequested; sent += chunk.Length)
                            await s.SendAsync(new ArraySegment<byte>(chunk), SocketFlags.None).ConfigureAwait(false);
                        break;
                    case "Garbage":
                        await s.SendAsync(new ArraySegment<byte>(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n")), SocketFlags.None).ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception)
            {
                // The client hung up or the server is stopping: nothing to report.
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_clients) foreach (var c in _clients) c.Dispose();
        }
    }
}
