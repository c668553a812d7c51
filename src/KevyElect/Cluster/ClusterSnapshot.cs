using System;
using System.Collections.Generic;

namespace KevyElect.Cluster
{
    /// <summary>One poll of a cluster: when it started, the rows and their summary.</summary>
    public sealed class ClusterSnapshot
    {
        /// <summary>Creates a snapshot, judging <paramref name="rows"/> with <see cref="ClusterSummary.From(PeerTable, IReadOnlyList{PeerStatus}, long)"/>.</summary>
        public ClusterSnapshot(PeerTable table, IReadOnlyList<PeerStatus> rows, DateTimeOffset time, long maxLagFrames = ClusterSummary.DefaultMaxLagFrames)
        {
            Table = table ?? throw new ArgumentNullException(nameof(table));
            Rows = rows ?? throw new ArgumentNullException(nameof(rows));
            Time = time;
            Summary = ClusterSummary.From(table, rows, maxLagFrames);
        }

        /// <summary>The cluster.</summary>
        public PeerTable Table { get; }

        /// <summary>When the poll started.</summary>
        public DateTimeOffset Time { get; }

        /// <summary>One row per member.</summary>
        public IReadOnlyList<PeerStatus> Rows { get; }

        /// <summary>The rows' summary.</summary>
        public ClusterSummary Summary { get; }
    }
}
