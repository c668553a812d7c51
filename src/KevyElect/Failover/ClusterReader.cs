using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Observe;

namespace KevyElect.Failover
{
    /// <summary>
    /// The network <see cref="IClusterReader"/>: the same parallel, read-only probe as Get-KevyElectPeer
    /// (ROLE and INFO replication on the client port, a bare TCP connect to the elect port, which sends
    /// no frame and so changes nothing), seen as failover observations, plus REPL.TOKEN on every node
    /// that answered (a read: what a primary acknowledged, what a replica applied), which tells whether a
    /// switchover's drain can be proven.
    /// </summary>
    public sealed class ClusterReader : IClusterReader
    {
        /// <summary>A shared instance.</summary>
        public static ClusterReader Instance { get; } = new ClusterReader();

        /// <inheritdoc />
        public async Task<IReadOnlyList<NodeObservation>> ReadAsync(PeerTable table, TimeSpan timeout, CancellationToken ct)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            IReadOnlyList<PeerStatus> rows = await PeerProbe.ProbeAsync(table, new ProbeOptions { Timeout = timeout }, ct).ConfigureAwait(false);
            var tokens = await Task.WhenAll(rows.Select(row => row.DataReachable
                ? DataPlaneCommands.ReplTokenAsync(table.Find(row.NodeId)!, timeout, ct)
                : Task.FromResult<(ReplToken?, string?)>((null, null)))).ConfigureAwait(false);
            return rows.Select((row, i) => new NodeObservation(table, table.Find(row.NodeId)!, row.GetRoleReply(), row.GetReplicationInfo(),
                row.ElectReachable, row.Error, tokens[i].Item1, tokens[i].Item2,
                row.IsLoading || (tokens[i].Item2?.StartsWith("-LOADING", StringComparison.Ordinal) ?? false))).ToList();
        }
    }
}
