using System;
using System.Net;
using System.Net.Sockets;

namespace KevyElect.Lab
{
    /// <summary>Picks a free port range for a lab, laid out as the reference lays out a node's ports.</summary>
    internal static class LabPorts
    {
        /// <summary>Elect port = client port + 200 (the reference's default elect_port_base).</summary>
        public const int ElectOffset = 200;

        /// <summary>Replication port = client port + 10000.</summary>
        public const int ReplicationOffset = 10000;

        // Client ports below 22000 keep every port (replication ones included) under Linux's ephemeral range.
        private const int Lowest = 10000, Highest = 22000;
        private static readonly Random Rng = new Random(Guid.NewGuid().GetHashCode());

        /// <summary>A base whose client, elect and replication ports for <paramref name="nodes"/> nodes are all free now.</summary>
        public static int ChooseBasePort(int nodes)
        {
            for (int attempt = 0; attempt < 200; attempt++)
            {
                int basePort;
                lock (Rng) basePort = Rng.Next(Lowest, Highest - nodes);
                if (AllFree(basePort, nodes)) return basePort;
            }
            throw new InvalidOperationException($"found no free range of ports for {nodes} lab nodes between {Lowest} and {Highest + ReplicationOffset} on 127.0.0.1");
        }

        private static bool AllFree(int basePort, int nodes)
        {
            for (int i = 0; i < nodes; i++)
            {
                if (!IsFree(basePort + i) || !IsFree(basePort + i + ElectOffset) || !IsFree(basePort + i + ReplicationOffset)) return false;
            }
            return true;
        }

        /// <summary>True when a listener can bind 127.0.0.1:<paramref name="port"/> now.</summary>
        internal static bool IsFree(int port)
        {
            var probe = new TcpListener(IPAddress.Loopback, port);
            try
            {
                probe.Start();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            finally
            {
                probe.Stop();
            }
        }
    }
}
