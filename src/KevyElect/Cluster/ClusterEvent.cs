using System;
using System.Collections.Generic;

namespace KevyElect.Cluster
{
    /// <summary>Something a watch saw change in a cluster.</summary>
    public sealed class ClusterEvent
    {
        /// <summary>The name of the cluster watched (its inventory name), or null for a cluster named only by its peer table.</summary>
        public string? ClusterName { get; init; }

        /// <summary>What happened, by name (Started, NodeDown, PrimaryChanged, ...).</summary>
        public string Kind => KindValue.ToString();

        /// <summary>What happened, as the enum.</summary>
        public ClusterEventKind GetKind() => KindValue;

        /// <summary>What happened; public as <see cref="Kind"/>.</summary>
        internal ClusterEventKind KindValue { get; init; }

        /// <summary>When the poll that saw it started.</summary>
        public DateTimeOffset Time { get; init; }

        /// <summary>The member it is about, or null for cluster-wide events.</summary>
        public string? NodeId { get; init; }

        /// <summary>The value before (a role, a primary id, a lag); null when none.</summary>
        public string? Old { get; init; }

        /// <summary>The value now; null when none.</summary>
        public string? New { get; init; }

        /// <summary>RoleChanged: <c>Election</c> (ROLE) or <c>Data</c> (INFO replication). Null otherwise.</summary>
        public string? View { get; init; }

        /// <summary>A readable account of the event.</summary>
        public string Message { get; init; } = string.Empty;

        /// <summary>
        /// PrimaryChanged: milliseconds without a writable primary, from the first poll that saw none to the
        /// poll that saw the new one (0 when no poll fell in the gap, as in a planned handover). Its resolution
        /// is one poll interval plus one probe. When the watch started without a primary it counts from the first poll.
        /// </summary>
        public double? UnavailableMs { get; init; }

        /// <summary>True for the first poll's events: Started and the conditions already present (reported once, as a starting point).</summary>
        public bool Baseline { get; init; }

        /// <summary>Snapshot events: the poll's rows; otherwise null.</summary>
        public IReadOnlyList<PeerStatus>? Snapshot { get; init; }

        /// <summary>Snapshot, Started and ConditionMet events: the poll's summary; otherwise null.</summary>
        public ClusterSummary? Summary { get; init; }

        /// <inheritdoc />
        public override string ToString() => $"{Time:HH:mm:ss.fff} {(ClusterName == null ? string.Empty : ClusterName + " ")}{KindValue} {Message}";
    }
}
