using System;

namespace KevyElect.Failover
{
    /// <summary>Timeouts and pacing of a failover run.</summary>
    public sealed record FailoverRunOptions
    {
        /// <summary>Timeout of each network call (default 2 s).</summary>
        public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(2);

        /// <summary>Planned: how long the drain and the promotion may take before the switchover rolls back (default 10 s).</summary>
        public TimeSpan QuiesceTimeout { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>How long verification waits for every node to agree on the new primary (default 10 s).</summary>
        public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>Time between two polls (default 20 ms).</summary>
        public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

        /// <summary>Takeover: interval of the stand-in heartbeats; must be well under the cluster's down_after (default 200 ms, the reference hb_interval).</summary>
        public TimeSpan StandInInterval { get; init; } = TimeSpan.FromMilliseconds(200);

        /// <summary>
        /// Planned, without a provable drain: how long after the quiesce the target's lag gauge can be trusted, one replication
        /// heartbeat of the server (about a second) plus margin (default 1.2 s).
        /// </summary>
        public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(1200);

        /// <summary>How the cluster is read while polling.</summary>
        public IClusterReader Reader { get; init; } = ClusterReader.Instance;

        /// <summary>
        /// The clock every wait and deadline of the run is measured on (default: the system's monotonic clock); the
        /// wall clock only dates what the run reports.
        /// </summary>
        public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

        internal void Validate()
        {
            Positive(CallTimeout, nameof(CallTimeout));
            Positive(QuiesceTimeout, nameof(QuiesceTimeout));
            Positive(SettleTimeout, nameof(SettleTimeout));
            Positive(PollInterval, nameof(PollInterval));
            Positive(StandInInterval, nameof(StandInInterval));
            Positive(HeartbeatInterval, nameof(HeartbeatInterval));
            if (Reader is null) throw new ArgumentNullException(nameof(Reader));
        }

        private static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, name + " must be positive");
        }
    }
}
