using System;
using KevyElect.Cluster;

namespace KevyElect.Fleet
{
    /// <summary>How <see cref="FleetProbe"/> probes a fleet.</summary>
    public sealed class FleetProbeOptions
    {
        /// <summary>Clusters probed at once by default: 128.</summary>
        public const int DefaultThrottleLimit = 128;

        /// <summary>Per-node probe timeout (default 2 s), as for one cluster.</summary>
        public TimeSpan Timeout { get; set; } = ProbeOptions.DefaultTimeout;

        /// <summary>
        /// The most clusters probed at once (default <see cref="DefaultThrottleLimit"/>); the nodes of a cluster are always
        /// probed together. A cluster starts as soon as a slot frees, so a slow cluster holds only its own slot.
        /// </summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>
        /// How long one cluster's probe may take before it is given up with its own error; null (the default): twice
        /// <see cref="Timeout"/> plus 1 s. A node's probe is already bounded by the timeout, so this only catches a cluster stuck
        /// well beyond it (on a loaded machine a probe may overrun its timeout a little, and that must not cost its rows).
        /// </summary>
        public TimeSpan? ClusterDeadline { get; set; }

        /// <summary>Lag above which a replica makes its cluster Degraded in the summaries (default 1000 frames).</summary>
        public long MaxLagFrames { get; set; } = ClusterSummary.DefaultMaxLagFrames;

        /// <summary>The deadline in effect.</summary>
        public TimeSpan EffectiveDeadline =>
            ClusterDeadline ?? Timeout + Timeout + TimeSpan.FromSeconds(1);

        internal void Validate()
        {
            if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "the probe timeout must be positive");
            if (ThrottleLimit < 1) throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), ThrottleLimit, "the throttle limit must be at least 1");
            if (ClusterDeadline <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ClusterDeadline), ClusterDeadline, "the cluster deadline must be positive");
            if (MaxLagFrames < 0) throw new ArgumentOutOfRangeException(nameof(MaxLagFrames), MaxLagFrames, "the lag threshold must not be negative");
        }
    }
}
