using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;

namespace KevyElect.Lab
{
    /// <summary>
    /// The loopback relays of a process lab: for every ordered pair of nodes (A, B), A's config names B at
    /// relay ports (an elect relay, and a client relay whose replication relays sit at client + 10000 +
    /// shard), and those relays forward to B's real ports. Cutting A and B apart in the lab's
    /// <see cref="LabConnectivity"/> closes their relays, so partitions are real on both planes between
    /// nodes, while clients outside the lab keep reaching every node at its real ports.
    /// </summary>
    internal sealed class RelayMesh
    {
        private const int BindAttempts = 20;

        private readonly LabConnectivity _connectivity;
        private readonly LoopbackPorts _ports;
        private readonly int _shards;
        private readonly Dictionary<(string From, string To), Route> _routes = new Dictionary<(string, string), Route>();

        /// <param name="ids">The nodes.</param>
        /// <param name="shards">Replication ports per node.</param>
        /// <param name="ports">Where the relay ports come from.</param>
        /// <param name="connectivity">The lab's cuts.</param>
        /// <param name="realPorts">A node's real (elect, client) ports, read whenever a relay dials it.</param>
        public RelayMesh(IReadOnlyList<string> ids, int shards, LoopbackPorts ports, LabConnectivity connectivity,
            Func<string, (int Elect, int Client)> realPorts)
        {
            _connectivity = connectivity;
            _ports = ports;
            _shards = shards;
            try
            {
                foreach (string from in ids)
                {
                    foreach (string to in ids.Where(t => t != from))
                        _routes[(from, to)] = OpenRoute(from, to, realPorts);
                }
            }
            catch
            {
                Stop();
                throw;
            }
            connectivity.Changed += ApplyCuts;
        }

        /// <summary>The (elect, client) ports at which <paramref name="from"/> reaches <paramref name="to"/>.</summary>
        public (int Elect, int Client) PortsFor(string from, string to)
        {
            var route = _routes[(from, to)];
            return (route.Elect.Port, route.ClientPort);
        }

        /// <summary>Every relay port that leads to <paramref name="to"/>: what the other nodes' ROLE and INFO may name it by.</summary>
        public IEnumerable<int> AliasesOf(string to) =>
            _routes.Where(r => r.Key.To == to).SelectMany(r => r.Value.All.Select(relay => relay.Port));

        /// <summary>Closes every relay.</summary>
        public void Stop()
        {
            _connectivity.Changed -= ApplyCuts;
            foreach (var relay in _routes.Values.SelectMany(r => r.All)) relay.Stop();
        }

        private void ApplyCuts()
        {
            foreach (var route in _routes)
            {
                if (IsOpen(route.Key.From, route.Key.To)) continue;
                foreach (var relay in route.Value.All) relay.Cut();
            }
        }

        private bool IsOpen(string from, string to) => _connectivity.CanReach(from, to) && _connectivity.CanReach(to, from);

        private Route OpenRoute(string from, string to, Func<string, (int Elect, int Client)> realPorts)
        {
            Func<bool> open = () => IsOpen(from, to);
            var elect = new LoopbackRelay(from, to, () => realPorts(to).Elect, open);
            Bind(() => new[] { _ports.Single() }, p => elect.Start(p[0]), new[] { elect });
            var client = new LoopbackRelay(from, to, () => realPorts(to).Client, open);
            var shards = Enumerable.Range(0, _shards)
                .Select(s => new LoopbackRelay(from, to, () => realPorts(to).Client + LoopbackPorts.ReplicationOffset + s, open))
                .ToArray();
            var clientSide = new[] { client }.Concat(shards).ToArray();
            int clientPort = 0;
            Bind(() =>
                {
                    clientPort = _ports.Client();
                    return new[] { clientPort }.Concat(_ports.ReplicationPorts(clientPort)).ToArray();
                },
                p =>
                {
                    for (int i = 0; i < clientSide.Length; i++) clientSide[i].Start(p[i]);
                },
                clientSide);
            return new Route(elect, clientPort, clientSide);
        }

        /// <summary>Picks ports and binds relays to them; a port taken in between is given back and others are tried.</summary>
        private void Bind(Func<int[]> pick, Action<int[]> start, LoopbackRelay[] relays)
        {
            for (int attempt = 1; ; attempt++)
            {
                int[] picked = pick();
                try
                {
                    start(picked);
                    return;
                }
                catch (Exception e) when (IsPortTaken(e) && attempt < BindAttempts)
                {
                    foreach (var r in relays) r.Stop();
                    _ports.Release(picked);
                }
            }
        }

        /// <summary>
        /// True for a bind that failed because the port was taken meanwhile: the relay's acceptor reports that as a
        /// <see cref="LabPortInUseException"/>, a raw socket as a <see cref="SocketException"/>.
        /// </summary>
        internal static bool IsPortTaken(Exception e) => e is LabPortInUseException || e is SocketException;

        private sealed class Route
        {
            public Route(LoopbackRelay elect, int clientPort, LoopbackRelay[] clientSide)
            {
                Elect = elect;
                ClientPort = clientPort;
                All = new[] { elect }.Concat(clientSide).ToArray();
            }

            public LoopbackRelay Elect { get; }

            public int ClientPort { get; }

            public IReadOnlyList<LoopbackRelay> All { get; }
        }
    }
}
