using System;

namespace KevyElect.Cluster
{
    /// <summary>How <see cref="KevyElect.Observe.ClusterWatcher"/> polls and what it reports.</summary>
    public sealed class WatchOptions
    {
        /// <summary>Time from the start of one poll to the start of the next (default 500 ms); a slower probe delays the next poll.</summary>
        public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>Per-node probe timeout (default 2 s).</summary>
        public TimeSpan Timeout { get; set; } = ProbeOptions.DefaultTimeout;

        /// <summary>Report LagExceeded when a replica lags more than this many frames; null: never.</summary>
        public long? MaxLagFrames { get; set; }

        /// <summary>Also report every poll's rows as a <see cref="ClusterEventKind.Snapshot"/> event.</summary>
        public bool IncludeSnapshot { get; set; }

        /// <summary>
        /// End the watch after the first poll whose summary meets this condition, with a <see cref="ClusterEventKind.ConditionMet"/>
        /// event after that poll's other events; null: never.
        /// </summary>
        public ClusterCondition? Until { get; set; }

        internal void Validate(PeerTable table)
        {
            Until?.Validate(table);
            ValidateTimes();
        }

        private void ValidateTimes()
        {
            if (Interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "the poll interval must be positive");
            if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "the probe timeout must be positive");
            if (MaxLagFrames < 0) throw new ArgumentOutOfRangeException(nameof(MaxLagFrames), MaxLagFrames, "the lag threshold must not be negative");
        }
    }
}
