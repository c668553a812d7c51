using System;
using System.Collections;
using System.Collections.Generic;

namespace KevyElect.Cluster
{
    /// <summary>
    /// A static cluster membership, parsed from <c>id@host:elect_port[:client_port],...</c>.
    /// Every member of a real cluster carries the same table.
    /// </summary>
    public sealed class PeerTable : IReadOnlyList<PeerSpec>
    {
        private readonly List<PeerSpec> _peers;

        private PeerTable(List<PeerSpec> peers, IReadOnlyList<string> warnings)
        {
            _peers = peers;
            Warnings = warnings;
        }

        /// <summary>Lint warnings (no fault tolerance with N=2; an even N tolerates no more failures than N-1).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Votes needed to elect: N/2 + 1.</summary>
        public int Quorum => _peers.Count / 2 + 1;

        /// <summary>Parses a peer list. Throws <see cref="PeerTableException"/> naming the bad entry and why.</summary>
        public static PeerTable Parse(string spec) => throw new NotImplementedException();

        /// <summary>Builds a table from already-validated entries (validates again).</summary>
        public static PeerTable Create(IEnumerable<PeerSpec> peers) => throw new NotImplementedException();

        /// <summary>The peer with this id, or null.</summary>
        public PeerSpec? Find(string id) => throw new NotImplementedException();

        /// <summary>
        /// The peer at <paramref name="host"/> whose client, elect or replication port is <paramref name="port"/>, or null.
        /// Hosts compare case-insensitively; "localhost" and loopback literals are not conflated.
        /// </summary>
        public PeerSpec? FindByEndpoint(string host, int port) => throw new NotImplementedException();

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
