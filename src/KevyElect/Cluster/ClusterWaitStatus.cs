using System;
using System.Collections.Generic;
using System.Globalization;

namespace KevyElect.Cluster
{
    /// <summary>Where a <see cref="KevyElect.Observe.ClusterWaiter"/> wait stands after a poll: what it saw, and why that is not yet what it waits for.</summary>
    public sealed class ClusterWaitStatus
    {
        internal ClusterWaitStatus(ClusterCondition condition, ClusterSummary summary, int polls, TimeSpan elapsed, TimeSpan timeout)
        {
            Condition = condition;
            Summary = summary;
            WhyNot = condition.WhyNot(summary);
            Polls = polls;
            Elapsed = elapsed;
            Timeout = timeout;
        }

        /// <summary>What the wait is for.</summary>
        public ClusterCondition Condition { get; }

        /// <summary>The latest poll's summary.</summary>
        public ClusterSummary Summary { get; }

        /// <summary>Why <see cref="Summary"/> does not meet <see cref="Condition"/>; empty when it does.</summary>
        public IReadOnlyList<string> WhyNot { get; }

        /// <summary>True when the latest poll met the condition.</summary>
        public bool IsMet => WhyNot.Count == 0;

        /// <summary>Polls so far, this one included.</summary>
        public int Polls { get; }

        /// <summary>Time since the wait started (monotonic), when this poll completed.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>How long the wait may take.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>
        /// One line for a progress display: time spent, the latest state, and what is still missing,
        /// e.g. <c>1.5 s of 60 s, poll 4: Degraded, primary n1, 2/3 reachable; not yet: ...</c>.
        /// </summary>
        public string Describe() =>
            $"{Seconds(Elapsed)} of {Seconds(Timeout)}, poll {Polls}: {Summary}" + (IsMet ? "; reached" : "; not yet: " + string.Join("; ", WhyNot));

        /// <summary>
        /// Why a wait that ended here failed, cause first: the unmet parts of the condition (the verdict with the summary's
        /// reasons), then how long it waited, for what, and what the last poll saw.
        /// </summary>
        public string DescribeTimeout()
        {
            string cause = IsMet ? "The condition was met" : string.Join("; ", WhyNot);
            cause = char.ToUpperInvariant(cause[0]) + cause.Substring(1);
            return $"{cause}. Gave up after {Seconds(Elapsed)} waiting for {Condition}; {Polls} poll(s), the last at " +
                $"{Summary.ObservedAt.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} UTC: {Summary}.";
        }

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

        /// <inheritdoc />
        public override string ToString() => Describe();
    }
}
