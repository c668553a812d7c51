using System;
using System.Collections;
using System.Collections.Generic;
using KevyElect.Election;

namespace KevyElect.Cluster
{
    /// <summary>
    /// A static cluster membership, parsed from <c>id@host:elect_port[:client_port],...</c>.
    /// Every member of a real cluster carries the same table.
    /// </summary>
    public sealed class PeerTable : IReadOnlyList<PeerSpec>
    {
        private readonly List<PeerSpec> _peers;

        private PeerTable(List<PeerSpec> peers, IReadOnlyList<string> warnings, string? name)
        {
            _peers = peers;
            Warnings = warnings;
            Name = name;
        }

        /// <summary>
        /// The cluster's name in a fleet inventory, or null for a cluster named only by its table. Every row, summary,
        /// event and result of a named table carries it; it is not part of <see cref="ToString"/>.
        /// </summary>
        public string? Name { get; }

        /// <summary>The same members under <paramref name="name"/> (null or empty: unnamed).</summary>
        public PeerTable WithName(string? name) =>
            new PeerTable(_peers, Warnings, string.IsNullOrEmpty(name) ? null : name);

        /// <summary>Lint warnings (no fault tolerance with N=2; an even N tolerates no more failures than N-1).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Votes needed to elect among the table's members: the election's own rule, <see cref="ElectionRules.Quorum"/>.</summary>
        public int Quorum => ElectionRules.Quorum(_peers.Count);

        /// <summary>Parses a peer list. Throws <see cref="PeerTableException"/> naming the bad entry and why.</summary>
        public static PeerTable Parse(string spec) => Build(PeerTableParser.ParseEntries(spec));

        /// <summary>Builds a table from already-validated entries (validates again).</summary>
        public static PeerTable Create(IEnumerable<PeerSpec> peers)
        {
            if (peers is null) throw new ArgumentNullException(nameof(peers));
            var list = new List<PeerSpec>();
            foreach (PeerSpec peer in peers)
            {
                if (peer is null) throw new ArgumentException("the peer list contains a null entry", nameof(peers));
                string entry = peer.ToString();
                PeerTableParser.ValidateId(entry, peer.Id);
                if (peer.Host.IndexOf(':') >= 0)
                {
                    if (!System.Net.IPAddress.TryParse(peer.Host, out System.Net.IPAddress? address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                        throw new PeerTableException(entry, $"bad host '{peer.Host}': a host with ':' must be an IPv6 address");
                }
                else
                {
                    PeerTableParser.ValidateHostName(entry, peer.Host);
                }
                PeerTableParser.ValidatePort(entry, peer.ElectPort, "elect port");
                PeerTableParser.ValidatePort(entry, peer.ClientPort, "client port");
                foreach (int alias in peer.AliasPorts) PeerTableParser.ValidatePort(entry, alias, "alias port");
                list.Add(peer);
            }
            if (list.Count == 0)
                throw new PeerTableException(string.Empty, "the peer table is empty");
            return Build(list);
        }

        private static PeerTable Build(List<PeerSpec> peers)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (PeerSpec peer in peers)
            {
                if (!seen.Add(peer.Id))
                    throw new PeerTableException(peer.ToString(), $"duplicate node id '{peer.Id}': every id must be unique");
            }
            return new PeerTable(peers, PeerTableLint.Check(peers.Count), null);
        }

        /// <summary>The peer with this id, or null.</summary>
        public PeerSpec? Find(string id)
        {
            if (id is null) throw new ArgumentNullException(nameof(id));
            foreach (PeerSpec peer in _peers)
            {
                if (string.Equals(peer.Id, id, StringComparison.Ordinal)) return peer;
            }
            return null;
        }

        /// <summary>
        /// The peer at <paramref name="host"/> whose client, elect or replication port, or one of its
        /// <see cref="PeerSpec.AliasPorts"/>, is <paramref name="port"/>, or null.
        /// Hosts compare case-insensitively; "localhost" and loopback literals are not conflated.
        /// </summary>
        public PeerSpec? FindByEndpoint(string host, int port)
        {
            if (host is null) throw new ArgumentNullException(nameof(host));
            if (host.Length > 1 && host[0] == '[' && host[host.Length - 1] == ']')
                host = host.Substring(1, host.Length - 2);
            foreach (PeerSpec peer in _peers)
            {
                if (!string.Equals(peer.Host, host, StringComparison.OrdinalIgnoreCase)) continue;
                if (port == peer.ClientPort || port == peer.ElectPort || port == peer.ReplicationPort) return peer;
                foreach (int alias in peer.AliasPorts)
                {
                    if (port == alias) return peer;
                }
            }
            return null;
        }

        /// <inheritdoc />
        public PeerSpec this[int index] => _peers[index];

        /// <inheritdoc />
        public int Count => _peers.Count;

        /// <inheritdoc />
        public IEnumerator<PeerSpec> GetEnumerator() => _peers.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>The table in peer-table syntax (round-trips through <see cref="Parse"/>).</summary>
        public override string ToString() => string.Join(",", _peers);
    }
}
