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
        /// reporting <c>role:slave</c> before the data plane becomes a master (writes are accepted at once).
        /// </summary>
        public TimeSpan PromotionDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>FAILOVER timeout when none (or a garbage one) is given: 10000 ms as the reference.</summary>
        public TimeSpan DefaultFailoverTimeout { get; set; } = TimeSpan.FromMilliseconds(10000);

        /// <summary>Commands kept per node in its command log (default 1024).</summary>
        public int CommandLogCapacity { get; set; } = 1024;

        /// <summary>Largest unparsed input a client connection may hold before it is dropped (default 1 MiB).</summary>
        public int MaxConnectionBuffer { get; set; } = 1024 * 1024;

        internal void Validate()
        {
            if (ApplyDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ApplyDelay), "ApplyDelay must not be negative");
            if (ReplicationLatency < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReplicationLatency), "ReplicationLatency must not be negative");
            if (ReplicationHeartbeat <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReplicationHeartbeat), "ReplicationHeartbeat must be positive");
            if (TickInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TickInterval), "TickInterval must be positive");
            if (PromotionDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PromotionDelay), "PromotionDelay must not be negative");
            if (DefaultFailoverTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(DefaultFailoverTimeout), "DefaultFailoverTimeout must be positive");
            if (CommandLogCapacity < 1) throw new ArgumentOutOfRangeException(nameof(CommandLogCapacity), "CommandLogCapacity must be at least 1");
            if (MaxConnectionBuffer < 1024) throw new ArgumentOutOfRangeException(nameof(MaxConnectionBuffer), "MaxConnectionBuffer must be at least 1024 bytes");
        }
    }
}
