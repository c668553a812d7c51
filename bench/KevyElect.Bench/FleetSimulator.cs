using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.Bench
{
    /// <summary>
    /// A light load generator for the fleet figures, not a kevy: <c>KevyElect.Bench fleet-sim CLUSTERS BLACKHOLED INVENTORY</c>
    /// listens on 127.0.0.1 for CLUSTERS clusters of three nodes and answers ROLE and INFO replication on each client port with
    /// the replies recorded from a real three-node quorum (tests/vectors/data-plane-replies.jsonl), their port numbers rewritten
    /// to its own. Elect ports accept and close nothing. BLACKHOLED nodes (one per cluster, from the first cluster on) accept
    /// connections and never answer. It writes the inventory (.psd1) of its clusters, prints "ready", and runs until stdin closes.
    /// </summary>
    internal static class FleetSimulator
    {
        private const int FirstPort = 20000, LastPort = 29999;
        private static readonly string[] RecordedPorts = { "17004", "17014", "17024" };
        private static readonly string[] RecordedElectPorts = { "17204", "17214", "17224" };

        public static int Run(int clusters, int blackholed, string inventoryPath)
        {
            // The recording has the primary (17004) and one replica (17014); a replica's replies name only the primary, so the
            // second replica answers as the first.
            string[] recorded = { "17004", "17014", "17014" };
            byte[][] roles = recorded.Select(p => ReplyVectors.Recorded($"steady-state:{p}:ROLE")).ToArray();
            byte[][] infos = recorded.Select(p => ReplyVectors.Recorded($"steady-state:{p}:INFO replication")).ToArray();
            var listeners = new List<TcpListener>();
            var lines = new List<string>();
            int next = FirstPort;
            using var stop = new CancellationTokenSource();
            for (int c = 0; c < clusters; c++)
            {
                var client = new int[3];
                var elect = new int[3];
                var sockets = new TcpListener[6];
                for (int n = 0; n < 3; n++)
                {
                    sockets[n] = Bind(ref next, out client[n]);
                    sockets[3 + n] = Bind(ref next, out elect[n]);
                }
                listeners.AddRange(sockets);
                int hole = c < blackholed ? (c % 3) : -1;
                for (int n = 0; n < 3; n++)
                {
                    byte[] role = Rewrite(roles[n], client, elect), info = Rewrite(infos[n], client, elect);
                    _ = n == hole ? Hold(sockets[n], stop.Token) : Serve(sockets[n], role, info, stop.Token);
                    _ = Hold(sockets[3 + n], stop.Token);
                }
                string peers = string.Join(",", Enumerable.Range(0, 3).Select(n => $"n{n + 1}@127.0.0.1:{elect[n]}:{client[n]}"));
                lines.Add($"        'sim-{c:000}' = @{{ Peers = '{peers}' }}");
            }
            File.WriteAllText(inventoryPath, "@{\n    Clusters = @{\n" + string.Join("\n", lines) + "\n    }\n}\n");
            Console.WriteLine("ready");
            Console.In.ReadToEnd();
            stop.Cancel();
            foreach (TcpListener l in listeners) l.Stop();
            return 0;
        }

        private static TcpListener Bind(ref int next, out int port)
        {
            while (next <= LastPort)
            {
                port = next++;
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start(64);
                    return listener;
                }
                catch (SocketException)
                {
                    // taken: try the next one
                }
            }
            throw new InvalidOperationException($"no free port left in {FirstPort}-{LastPort}");
        }

        // Five-digit ports for five-digit ports: RESP lengths stay right. The replication port is the client port + 10000.
        private static byte[] Rewrite(byte[] reply, int[] client, int[] elect)
        {
            string text = Encoding.ASCII.GetString(reply);
            for (int n = 0; n < 3; n++)
            {
                text = text.Replace(RecordedElectPorts[n], elect[n].ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Replace((int.Parse(RecordedPorts[n], System.Globalization.CultureInfo.InvariantCulture) + 10000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        (client[n] + 10000).ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Replace(RecordedPorts[n], client[n].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return Encoding.ASCII.GetBytes(text);
        }

        private static async Task Serve(TcpListener listener, byte[] role, byte[] info, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                Socket s;
                try { s = await listener.AcceptSocketAsync(ct); }
                catch (Exception) { return; }
                _ = Answer(s, role, info, ct);
            }
        }

        // Reads commands as RESP arrays and answers each from the recorded replies: ROLE, INFO (replication), else an error.
        private static async Task Answer(Socket s, byte[] role, byte[] info, CancellationToken ct)
        {
            using (s)
            {
                var buffer = new byte[4096];
                int have = 0;
                try
                {
                    while (true)
                    {
                        int read = await s.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None, ct);
                        if (read == 0) return;
                        have += read;
                        while (TryCommand(buffer, have, out int used, out string verb))
                        {
                            Buffer.BlockCopy(buffer, used, buffer, 0, have - used);
                            have -= used;
                            byte[] reply = verb == "ROLE" ? role : verb == "INFO" ? info : Encoding.ASCII.GetBytes("-ERR unknown command\r\n");
                            await s.SendAsync(reply, SocketFlags.None, ct);
                        }
                    }
                }
                catch (Exception)
                {
                    // the prober closed the connection or the run ended
                }
            }
        }

        private static bool TryCommand(byte[] b, int have, out int used, out string verb)
        {
            used = 0;
            verb = string.Empty;
            string text = Encoding.ASCII.GetString(b, 0, have);
            if (text.Length == 0 || text[0] != '*') return false;
            int eol = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (eol < 0) return false;
            int count = int.Parse(text.AsSpan(1, eol - 1), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture);
            int at = eol + 2;
            var parts = new List<string>();
            for (int i = 0; i < count; i++)
            {
                int lenEnd = text.IndexOf("\r\n", at, StringComparison.Ordinal);
                if (lenEnd < 0) return false;
                int len = int.Parse(text.AsSpan(at + 1, lenEnd - at - 1), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture);
                if (lenEnd + 2 + len + 2 > text.Length) return false;
                parts.Add(text.Substring(lenEnd + 2, len));
                at = lenEnd + 2 + len + 2;
            }
            used = at;
            verb = parts.Count > 0 ? parts[0].ToUpperInvariant() : string.Empty;
            return true;
        }

        // Accepts and never answers: a node that is up on the network and stuck.
        private static async Task Hold(TcpListener listener, CancellationToken ct)
        {
            var held = new List<Socket>();
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    Socket s = await listener.AcceptSocketAsync(ct);
                    lock (held) held.Add(s);
                    _ = Drain(s, held, ct);
                }
            }
            catch (Exception)
            {
                // the run ended
            }
        }

        private static async Task Drain(Socket s, List<Socket> held, CancellationToken ct)
        {
            var sink = new byte[256];
            try
            {
                while (await s.ReceiveAsync(sink, SocketFlags.None, ct) > 0) { }
            }
            catch (Exception)
            {
                // closed
            }
            lock (held) held.Remove(s);
            s.Dispose();
        }
    }
}
