using System;
using System.Collections.Generic;
using System.Linq;
using KevyElect.Protocol;

namespace KevyElect.Cluster
{
    /// <summary>One member of a static peer table: <c>id@host:elect_port[:client_port]</c>.</summary>
    public sealed class PeerSpec
    {
        /// <summary>Creates a peer entry. Validation lives in <see cref="PeerTable.Parse"/>.</summary>
        public PeerSpec(string id, string host, int electPort, int clientPort)
            : this(id, host, electPort, clientPort, null)
        {
        }

        /// <summary>
        /// Creates a peer entry that also answers at <paramref name="aliasPorts"/> on the same host, as a node
        /// does behind loopback relays: the other nodes' ROLE and INFO name it by a relay's port.
        /// </summary>
        public PeerSpec(string id, string host, int electPort, int clientPort, IEnumerable<int>? aliasPorts)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Host = host ?? throw new ArgumentNullException(nameof(host));
            ElectPort = electPort;
            ClientPort = clientPort;
            AliasPorts = aliasPorts?.Distinct().ToArray() ?? Array.Empty<int>();
        }

        /// <summary>The operator-declared node id.</summary>
        public string Id { get; }

        /// <summary>Host name or address, without IPv6 brackets.</summary>
        public string Host { get; }

        /// <summary>The election listener's port.</summary>
        public int ElectPort { get; }

        /// <summary>The data-plane (client) port.</summary>
        public int ClientPort { get; }

        /// <summary>
        /// Other ports on <see cref="Host"/> that lead to this node (a lab's relays between nodes), which
        /// <see cref="PeerTable.FindByEndpoint"/> matches as well; empty for a node of a real cluster. They
        /// are not part of the peer-table syntax, so <see cref="ToString"/> leaves them out.
        /// </summary>
        public IReadOnlyList<int> AliasPorts { get; }

        /// <summary>The replication port of shard 0: client port + 10000.</summary>
        public int ReplicationPort => ClientPort + 10000;

        /// <summary><c>host:client_port</c>, IPv6 hosts in brackets: the address ANNOUNCE carries.</summary>
        public string ClientAddress => FormatAddress(Host, ClientPort);

        /// <summary><c>host:elect_port</c>, IPv6 hosts in brackets.</summary>
        public string ElectAddress => FormatAddress(Host, ElectPort);

        /// <summary>Formats <c>host:port</c>, bracketing IPv6 literals.</summary>
        public static string FormatAddress(string host, int port) => HostPort.Format(host, port);

        /// <summary>The entry in peer-table syntax.</summary>
        public override string ToString() => Id + "@" + ElectAddress + ":" + ClientPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
