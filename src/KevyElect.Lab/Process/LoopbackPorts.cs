using System;
using System.Collections.Generic;
using System.Linq;

namespace KevyElect.Lab
{
    /// <summary>
    /// Hands out free ports on 127.0.0.1 to process labs, laid out as kevy lays out a node's ports: a
    /// client port C whose replication ports C+10000..C+10000+shards-1 are free as well. Ports handed
    /// out stay reserved process-wide until released, so labs started side by side never pick the same.
    /// A port free now can still be taken before the node binds it: the lab retries on other ports.
    /// </summary>
    internal sealed class LoopbackPorts
    {
        /// <summary>Replication port of shard 0 = client port + 10000.</summary>
        public const int ReplicationOffset = 10000;

        // Client ports below 22000 keep every port (replication ones included) under Linux's ephemeral range.
        private const int Lowest = 10000, Highest = 22000;
        private static readonly HashSet<int> s_reserved = new HashSet<int>();
        private static readonly Random s_rng = new Random(Guid.NewGuid().GetHashCode());

        private readonly List<int> _mine = new List<int>();
        private readonly int _shards;

        public LoopbackPorts(int shards) => _shards = shards;

        /// <summary>A free port for a listener of its own (an elect port).</summary>
        public int Single() => Reserve(p => new[] { p });

        /// <summary>A free client port whose replication ports are free too.</summary>
        public int Client() => Reserve(p => new[] { p }.Concat(ReplicationPorts(p)).ToArray());

        /// <summary>The replication ports of client port <paramref name="clientPort"/>, one per shard.</summary>
        public IEnumerable<int> ReplicationPorts(int clientPort) => Enumerable.Range(clientPort + ReplicationOffset, _shards);

        /// <summary>Gives back ports handed out earlier (a node that failed to bind them moves on to others).</summary>
        public void Release(IEnumerable<int> ports)
        {
            lock (s_reserved)
            {
                foreach (int p in ports)
                {
                    if (_mine.Remove(p)) s_reserved.Remove(p);
                }
            }
        }

        /// <summary>Gives back every port this lab holds.</summary>
        public void ReleaseAll()
        {
            lock (s_reserved)
            {
                foreach (int p in _mine) s_reserved.Remove(p);
                _mine.Clear();
            }
        }

        private int Reserve(Func<int, int[]> layout)
        {
            for (int attempt = 0; attempt < 500; attempt++)
            {
                int first;
                lock (s_rng) first = s_rng.Next(Lowest, Highest - _shards);
                int[] ports = layout(first);
                lock (s_reserved)
                {
                    if (ports.Any(s_reserved.Contains)) continue;
                    if (!ports.All(LabPorts.IsFree)) continue;
                    foreach (int p in ports)
                    {
                        s_reserved.Add(p);
                        _mine.Add(p);
                    }
                }
                return first;
            }
            throw new InvalidOperationException($"found no free ports for a kevy node between {Lowest} and {Highest + ReplicationOffset} on 127.0.0.1");
        }
    }
}
