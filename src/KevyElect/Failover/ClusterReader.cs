using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Net;

namespace KevyElect.Failover
{
    /// <summary>
    /// The network <see cref="IClusterReader"/>: per node, in parallel, ROLE and INFO replication on one
    /// client connection and a bare TCP connect to the elect port (which sends no frame, so it changes nothing).
    /// </summary>
    public sealed class ClusterReader : IClusterReader
    {
        /// <summary>A shared instance.</summary>
        public static ClusterReader Instance { get; } = new ClusterReader();

        /// <inheritdoc />
        public async Task<IReadOnlyList<NodeObservation>> ReadAsync(PeerTable table, TimeSpan timeout, CancellationToken ct)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            NodeObservation[] all = await Task.WhenAll(table.Select(p => ReadNodeAsync(table, p, timeout, ct))).ConfigureAwait(false);
            return all;
        }

        private static async Task<NodeObservation> ReadNodeAsync(PeerTable table, PeerSpec peer, TimeSpan timeout, CancellationToken ct)
        {
            Task<ElectProbeResult> probe = ElectSender.ProbeAsync(peer.Host, peer.ElectPort, timeout, ct);
            RoleReply? role = null;
            ReplicationInfo? info = null;
            string? error = null;
            try
            {
                using (KevyConnection connection = await KevyConnection.ConnectAsync(peer.Host, peer.ClientPort, timeout, ct).ConfigureAwait(false))
                {
                    role = await connection.RoleAsync(timeout, ct).ConfigureAwait(false);
                    info = await connection.InfoReplicationAsync(timeout, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is KevyNetException || e is KevyReplyErrorException)
            {
                error = e.Message;
            }
            ElectProbeResult electProbe = await probe.ConfigureAwait(false);
            if (!electProbe.Reachable)
                error = error == null ? "elect port: " + electProbe.Error : error + "; elect port: " + electProbe.Error;
            return new NodeObservation(table, peer, role, info, electProbe.Reachable, error);
        }
    }
}
