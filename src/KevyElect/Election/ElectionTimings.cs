using System;

namespace KevyElect.Election
{
    /// <summary>
    /// The election's timeouts, in milliseconds of a monotonic clock. <see cref="Reference"/> holds the
    /// reference server's defaults.
    /// </summary>
    public sealed record ElectionTimings
    {
        /// <summary>Period between two heartbeats to every other peer (default 200).</summary>
        public long HbIntervalMs { get; init; } = 200;

        /// <summary>A peer with no heartbeat for this long is DOWN (default 5000).</summary>
        public long DownAfterMs { get; init; } = 5000;

        /// <summary>A candidate without a quorum of votes after this long gives up (default 3000).</summary>
        public long ElectionTimeoutMs { get; init; } = 3000;

        /// <summary>Fixed part of the wait after a failed candidacy (default 1000).</summary>
        public long BackoffBaseMs { get; init; } = 1000;

        /// <summary>Exclusive upper bound of the random part of that wait (default 4000).</summary>
        public long BackoffJitterMaxMs { get; init; } = 4000;

        /// <summary>The reference server's defaults.</summary>
        public static ElectionTimings Reference { get; } = new ElectionTimings();

        /// <summary>The longest a failed candidacy can keep a node from trying again: base plus jitter bound.</summary>
        public long MaxBackoffMs => BackoffBaseMs + BackoffJitterMaxMs;

        /// <summary>Throws <see cref="ArgumentException"/> naming the first timing that cannot work.</summary>
        public void Validate()
        {
            if (HbIntervalMs <= 0) throw Bad(nameof(HbIntervalMs), HbIntervalMs, "must be positive");
            if (DownAfterMs <= 0) throw Bad(nameof(DownAfterMs), DownAfterMs, "must be positive");
            if (ElectionTimeoutMs <= 0) throw Bad(nameof(ElectionTimeoutMs), ElectionTimeoutMs, "must be positive");
            if (BackoffBaseMs < 0) throw Bad(nameof(BackoffBaseMs), BackoffBaseMs, "must not be negative");
            if (BackoffJitterMaxMs < 0 || BackoffJitterMaxMs > int.MaxValue)
                throw Bad(nameof(BackoffJitterMaxMs), BackoffJitterMaxMs, "must be between 0 and " + int.MaxValue);
        }

        private static ArgumentException Bad(string name, long value, string why) =>
            new ArgumentException($"election timing {name} = {value} {why}", name);
    }
}
