using System;

namespace KevyElect.Lab
{
    /// <summary>Timings and limits of the lab's data plane.</summary>
    public sealed class LabDataPlaneOptions
    {
        /// <summary>How long a replica holds a received write before applying it (default 0).</summary>
        public TimeSpan ApplyDelay { get; set; } = TimeSpan.Zero;

        /// <summary>
        /// How old a write is before a replica's link receives it (default 10 ms): the writes in flight, which a promotion of a
        /// replica that was not fully drained loses, as the reference's do.
        /// </summary>
        public TimeSpan ReplicationLatency { get; set; } = TimeSpan.FromMilliseconds(10);

        /// <summary>
        /// Period of the source's replication heartbeat (default 1 s, as the reference): it refreshes a replica's lag gauge
        /// (<c>slave_lag_frames</c>) and the generation it follows, so the gauge reads 0 under load while the replica is behind.
        /// </summary>
        public TimeSpan ReplicationHeartbeat { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Period of the replication pump that moves writes and drives FAILOVER (default 5 ms).</summary>
        public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(5);

        /// <summary>
        /// After an election promotes a node that is still a data-plane replica, how long INFO keeps
        /// reporting <c>role:slave</c> before the data plane becomes a master (writes are accepted at once);
        /// default 250 ms (kevy 5.4.0: 150 to 400 ms).
        /// </summary>
        public TimeSpan PromotionDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// How long a replica answers reads (ROLE, GET, REPL.TOKEN, REPL.WAIT; not PING or INFO) with <c>-LOADING</c> after each
        /// full resync, while it loads its source's snapshot: at boot, on rejoining, after its source was promoted. Default
        /// 60 ms (kevy 5.4.0: 40 to 80 ms on a small dataset).
        /// </summary>
        public TimeSpan SnapshotLoad { get; set; } = TimeSpan.FromMilliseconds(60);

        /// <summary>
        /// When a replica is pointed at another source (its elector follows a new primary, or REPLICAOF names another node), how
        /// long it is no replica at all before it follows the new one: it takes writes meanwhile, and loses them at its resync,
        /// as kevy does between stopping its replica runners and starting new ones. Default 1 ms (the window lasts until the
        /// next replication tick).
        /// </summary>
        public TimeSpan RetargetGap { get; set; } = TimeSpan.FromMilliseconds(1);

        /// <summary>FAILOVER timeout when none (or a garbage one) is given: 10000 ms as the reference.</summary>
        public TimeSpan DefaultFailoverTimeout { get; set; } = TimeSpan.FromMilliseconds(10000);

        /// <summary>Commands kept per node in its command log (default 1024).</summary>
        public int CommandLogCapacity { get; set; } = 1024;

        /// <summary>Largest unparsed input a client connection may hold before it is dropped (default 1 MiB).</summary>
        public int MaxConnectionBuffer { get; set; } = 1024 * 1024;

        /// <summary>
        /// The clock the data plane measures its delays, deadlines and ages on, and its pump waits on (default: the system's
        /// monotonic clock). A test passes a fake one to step time by hand.
        /// </summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        internal void Validate()
        {
            if (TimeProvider is null) throw new ArgumentNullException(nameof(TimeProvider), "TimeProvider must not be null");
            if (ApplyDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ApplyDelay), "ApplyDelay must not be negative");
            if (ReplicationLatency < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReplicationLatency), "ReplicationLatency must not be negative");
            if (ReplicationHeartbeat <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReplicationHeartbeat), "ReplicationHeartbeat must be positive");
            if (TickInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TickInterval), "TickInterval must be positive");
            if (PromotionDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PromotionDelay), "PromotionDelay must not be negative");
            if (SnapshotLoad < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(SnapshotLoad), "SnapshotLoad must not be negative");
            if (RetargetGap < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetargetGap), "RetargetGap must not be negative");
            if (DefaultFailoverTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(DefaultFailoverTimeout), "DefaultFailoverTimeout must be positive");
            if (CommandLogCapacity < 1) throw new ArgumentOutOfRangeException(nameof(CommandLogCapacity), "CommandLogCapacity must be at least 1");
            if (MaxConnectionBuffer < 1024) throw new ArgumentOutOfRangeException(nameof(MaxConnectionBuffer), "MaxConnectionBuffer must be at least 1024 bytes");
        }
    }
}
