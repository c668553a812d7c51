using System;

namespace KevyElect.Failover
{
    /// <summary>What the operator asked for.</summary>
    public sealed record FailoverRequest
    {
        /// <summary>The node to promote; null lets the candidate rule pick (highest offset, then lowest id).</summary>
        public string? TargetNodeId { get; init; }

        /// <summary>True for a forced takeover; false for a planned switchover.</summary>
        public bool Takeover { get; init; }

        /// <summary>
        /// Planned: the most <c>slave_lag_frames</c> the target may show at pre-flight (default 1000, as the summary's Degraded
        /// threshold). It bounds how long writes pause, not what is lost: the drain itself waits for every acknowledged write.
        /// </summary>
        public long MaxLagFrames { get; init; } = Cluster.ClusterSummary.DefaultMaxLagFrames;

        /// <summary>
        /// The operator accepts losing writes: a takeover's gap (required when above 0 or unknown), or a planned switchover whose drain
        /// cannot be proven (see <see cref="FailoverPlan.DrainUnprovable"/>).
        /// </summary>
        public bool AcceptDataLoss { get; init; }

        /// <summary>Takeover: the operator allows stand-in voters so a target without a majority can hold its write lease.</summary>
        public bool AllowStandInVoter { get; init; }

        /// <summary>The epoch to announce (see <see cref="EpochChooser"/>).</summary>
        public ulong Epoch { get; init; }

        /// <summary>Where <see cref="Epoch"/> came from, for the plan's text (e.g. "clock", "-Epoch").</summary>
        public string EpochSource { get; init; } = "clock";

        internal void Validate()
        {
            if (MaxLagFrames < 0) throw new ArgumentOutOfRangeException(nameof(MaxLagFrames), MaxLagFrames, "MaxLagFrames must not be negative");
        }
    }
}
