using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;

namespace KevyElect.Failover
{
    /// <summary>Reads every node of a cluster, read-only: ROLE, INFO replication and a connect probe of the elect port.</summary>
    public interface IClusterReader
    {
        /// <summary>One observation per peer, in table order. Unreachable nodes are observations with an error, never exceptions.</summary>
        Task<IReadOnlyList<NodeObservation>> ReadAsync(PeerTable table, TimeSpan timeout, CancellationToken ct);
    }
}
