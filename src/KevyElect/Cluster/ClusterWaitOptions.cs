using System;

namespace KevyElect.Cluster
{
    /// <summary>How <see cref="KevyElect.Observe.ClusterWaiter"/> polls and how long it waits.</summary>
    public sealed class ClusterWaitOptions
    {
        /// <summary>The default time to wait: 60 s.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

        /// <summary>How long to wait in all (default 60 s). A poll that starts before it ends runs to completion, so the wait can overrun it by one probe.</summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        /// <summary>Time from the start of one poll to the start of the next (default 500 ms); a slower probe delays the next poll.</summary>
        public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>Per-node probe timeout (default 2 s).</summary>
        public TimeSpan ProbeTimeout { get; set; } = ProbeOptions.DefaultTimeout;

        internal void Validate()
        {
            if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "the wait timeout must be positive");
            if (Interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "the poll interval must be positive");
            if (ProbeTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ProbeTimeout), ProbeTimeout, "the probe timeout must be positive");
        }
    }
}
