using System;
using KevyElect.Election;

namespace KevyElect.Lab
{
    /// <summary>How to build a lab cluster: its size, election timings and data-plane pacing.</summary>
    public sealed class LabOptions
    {
        /// <summary>Most nodes a lab runs.</summary>
        public const int MaxNodes = 15;

        /// <summary>Number of nodes, 1 to 15 (default 3). Ids are n1..nN; n1 is the configured primary.</summary>
        public int Nodes { get; set; } = 3;

        /// <summary>The election timings (default: the reference server's 200 ms / 5 s / 3 s / 1 s + up to 4 s).</summary>
        public ElectionTimings Timings { get; set; } = ElectionTimings.Reference;

        /// <summary>How long a replica holds a replicated write before applying it (default 0).</summary>
        public TimeSpan ApplyDelay { get; set; } = TimeSpan.Zero;

        /// <summary>How old a write is before a replica receives it (default 10 ms): the writes a lossy promotion loses.</summary>
        public TimeSpan ReplicationLatency { get; set; } = TimeSpan.FromMilliseconds(10);

        /// <summary>Period of the data plane's replication heartbeat, which refreshes the replicas' lag gauge (default 1 s, as the reference).</summary>
        public TimeSpan ReplicationHeartbeat { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// After a crash election, how long the new primary's INFO still says <c>role:slave</c>
        /// (default 250 ms; its writes open at once), as the reference shows (kevy 5.4.0: 150 to 400 ms).
        /// </summary>
        public TimeSpan PromotionDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>After each full resync, how long a replica answers reads with <c>-LOADING</c> (default 60 ms, see <see cref="LabDataPlaneOptions.SnapshotLoad"/>).</summary>
        public TimeSpan SnapshotLoad { get; set; } = TimeSpan.FromMilliseconds(60);

        /// <summary>How long a replica pointed at another source takes writes before it follows it (default 1 ms, see <see cref="LabDataPlaneOptions.RetargetGap"/>).</summary>
        public TimeSpan RetargetGap { get; set; } = TimeSpan.FromMilliseconds(1);

        /// <summary>
        /// First client port; node i gets client port BasePort+i-1, elect port client+200 and replication
        /// port client+10000 (the reference's layout). Null: a free range is chosen.
        /// </summary>
        public int? BasePort { get; set; }

        /// <summary>Root directory of the nodes' data directories (each holds its elect.meta). Null: a new temp directory, deleted with the lab.</summary>
        public string? DataDir { get; set; }

        /// <summary>Seed of the backoff jitter of every elector (default 1).</summary>
        public int Seed { get; set; } = 1;

        /// <summary>Frames kept per node and direction for inspection (default 512).</summary>
        public int FrameLogCapacity { get; set; } = 512;

        /// <summary>Frames queued per outbound peer connection; when full the oldest is dropped (default 256).</summary>
        public int SendQueueCapacity { get; set; } = 256;

        /// <summary>
        /// Timings for fast tests: HB 50 ms, down after 600 ms, election timeout 500 ms, backoff
        /// 100 ms + up to 300 ms.
        /// </summary>
        public static ElectionTimings FastTimings { get; } = new ElectionTimings
        {
            HbIntervalMs = 50,
            DownAfterMs = 600,
            ElectionTimeoutMs = 500,
            BackoffBaseMs = 100,
            BackoffJitterMaxMs = 300,
        };

        /// <summary>
        /// The timings a lab runs with: <see cref="FastTimings"/> when <paramref name="fast"/>, else the reference's, with each
        /// timing that is given (in milliseconds) in place of the preset's.
        /// </summary>
        public static ElectionTimings ComposeTimings(bool fast, long? hbIntervalMs = null, long? downAfterMs = null, long? electionTimeoutMs = null,
            long? backoffBaseMs = null, long? backoffJitterMaxMs = null)
        {
            ElectionTimings t = fast ? FastTimings : ElectionTimings.Reference;
            return t with
            {
                HbIntervalMs = hbIntervalMs ?? t.HbIntervalMs,
                DownAfterMs = downAfterMs ?? t.DownAfterMs,
                ElectionTimeoutMs = electionTimeoutMs ?? t.ElectionTimeoutMs,
                BackoffBaseMs = backoffBaseMs ?? t.BackoffBaseMs,
                BackoffJitterMaxMs = backoffJitterMaxMs ?? t.BackoffJitterMaxMs,
            };
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option that cannot work.</summary>
        public void Validate()
        {
            if (Nodes < 1 || Nodes > MaxNodes)
                throw new ArgumentException($"a lab has 1 to {MaxNodes} nodes, not {Nodes}", nameof(Nodes));
            if (Timings is null) throw new ArgumentException("the election timings are missing", nameof(Timings));
            Timings.Validate();
            if (ApplyDelay < TimeSpan.Zero) throw new ArgumentException($"ApplyDelay {ApplyDelay} is negative", nameof(ApplyDelay));
            if (ReplicationLatency < TimeSpan.Zero) throw new ArgumentException($"ReplicationLatency {ReplicationLatency} is negative", nameof(ReplicationLatency));
            if (ReplicationHeartbeat <= TimeSpan.Zero) throw new ArgumentException($"ReplicationHeartbeat {ReplicationHeartbeat} must be positive", nameof(ReplicationHeartbeat));
            if (PromotionDelay < TimeSpan.Zero) throw new ArgumentException($"PromotionDelay {PromotionDelay} is negative", nameof(PromotionDelay));
            if (SnapshotLoad < TimeSpan.Zero) throw new ArgumentException($"SnapshotLoad {SnapshotLoad} is negative", nameof(SnapshotLoad));
            if (RetargetGap < TimeSpan.Zero) throw new ArgumentException($"RetargetGap {RetargetGap} is negative", nameof(RetargetGap));
            if (BasePort is int p && (p < 1024 || p + 10000 + MaxNodes > 65535))
                throw new ArgumentException($"BasePort {p} must be between 1024 and {65535 - 10000 - MaxNodes} (replication ports sit at client + 10000)", nameof(BasePort));
            if (FrameLogCapacity < 1) throw new ArgumentException("FrameLogCapacity must be at least 1", nameof(FrameLogCapacity));
            if (SendQueueCapacity < 1) throw new ArgumentException("SendQueueCapacity must be at least 1", nameof(SendQueueCapacity));
        }
    }
}
