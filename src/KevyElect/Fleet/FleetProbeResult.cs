using System;
using System.Collections.Generic;
using KevyElect.Cluster;

namespace KevyElect.Fleet
{
    /// <summary>Why a cluster of a fleet probe has no rows.</summary>
    public enum FleetProbeFailure
    {
        /// <summary>It was probed; its rows say how each node answered.</summary>
        None,

        /// <summary>Its inventory entry or kevy.toml is unusable: nothing was sent.</summary>
        Misconfigured,

        /// <summary>Its probe did not finish within the cluster deadline.</summary>
        DeadlineExceeded,
    }

    /// <summary>One cluster's part of a fleet probe: its rows and summary, or why it has none.</summary>
    public sealed class FleetProbeResult
    {
        private static readonly IReadOnlyList<PeerStatus> NoRows = Array.Empty<PeerStatus>();

        /// <summary>The cluster's name.</summary>
        public string ClusterName { get; init; } = string.Empty;

        /// <summary>Its peer table, or null when it could not be read.</summary>
        public PeerTable? Table { get; init; }

        /// <summary>One row per member probed, in table order (empty on failure).</summary>
        public IReadOnlyList<PeerStatus> Rows { get; init; } = NoRows;

        /// <summary>The judgement of the rows, or null on failure.</summary>
        public ClusterSummary? Summary { get; init; }

        /// <summary>Why there are no rows.</summary>
        public FleetProbeFailure Failure { get; init; }

        /// <summary>What went wrong, naming the cluster; null when it was probed.</summary>
        public string? Error { get; init; }

        /// <summary>How long the cluster took, from the start of its probe (after waiting for a slot).</summary>
        public TimeSpan Elapsed { get; init; }

        /// <inheritdoc />
        public override string ToString() => ClusterName + ": " + (Error ?? Summary?.ToString() ?? "probed");
    }
}
