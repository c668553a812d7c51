using System;
using System.Globalization;
using System.Linq;
using KevyElect.Cluster;
using KevyElect.Failover;

namespace KevyElect.History
{
    public sealed partial class HistoryEntry
    {
        /// <summary>The entry of a failover run or a refused plan.</summary>
        /// <param name="result">The run's result.</param>
        /// <param name="peers">The cluster it ran on.</param>
        /// <param name="clusterName">The cluster's name when one is known; null uses the peer table text.</param>
        /// <param name="started">When the run (its pre-flight) started.</param>
        /// <param name="elapsed">How long it took to the result.</param>
        /// <param name="origin">Who ran it, where.</param>
        public static HistoryEntry FromFailover(FailoverResult result, PeerTable peers, string? clusterName, DateTimeOffset started, TimeSpan elapsed, HistoryOrigin origin)
        {
            if (result is null) throw new ArgumentNullException(nameof(result));
            if (peers is null) throw new ArgumentNullException(nameof(peers));
            if (origin is null) throw new ArgumentNullException(nameof(origin));
            string table = peers.ToString();
            return new HistoryEntry
            {
                Time = Millisecond(started),
                KindValue = HistoryEntryKind.Failover,
                Cluster = string.IsNullOrEmpty(clusterName) ? table : clusterName!,
                Peers = table,
                OutcomeValue = result.GetOutcome(),
                FailoverKindValue = result.GetKind(),
                Target = result.GetPlan().TargetId,
                OldPrimary = result.OldPrimary,
                NewPrimary = result.NewPrimary,
                Epoch = result.Epoch,
                WriteUnavailableMs = result.WriteUnavailableMs,
                DurationMs = Math.Round(elapsed.TotalMilliseconds, 1),
                OffsetGap = result.OffsetGap,
                DrainValue = result.Drain?.GetVerdict(),
                DrainDetail = result.Drain?.Describe(),
                RefusalCodeValue = result.Refusal?.GetCode(),
                Steps = result.Steps.Select(Short).ToArray(),
                Message = result.Message,
                UserName = origin.UserName,
                HostName = origin.HostName,
                ProcessId = origin.ProcessId,
            };
        }

        /// <summary>The entry of a watch event.</summary>
        /// <param name="e">The event.</param>
        /// <param name="peers">The cluster watched.</param>
        /// <param name="clusterName">The cluster's name when one is known; null uses the peer table text.</param>
        /// <param name="origin">Who watched, where.</param>
        public static HistoryEntry FromWatchEvent(ClusterEvent e, PeerTable peers, string? clusterName, HistoryOrigin origin)
        {
            if (e is null) throw new ArgumentNullException(nameof(e));
            if (peers is null) throw new ArgumentNullException(nameof(peers));
            if (origin is null) throw new ArgumentNullException(nameof(origin));
            string table = peers.ToString();
            bool primaryChanged = e.GetKind() == ClusterEventKind.PrimaryChanged;
            return new HistoryEntry
            {
                Time = Millisecond(e.Time),
                KindValue = HistoryEntryKind.WatchEvent,
                Cluster = string.IsNullOrEmpty(clusterName) ? table : clusterName!,
                Peers = table,
                EventKindValue = e.GetKind(),
                Node = e.NodeId,
                Old = e.Old,
                New = e.New,
                OldPrimary = primaryChanged ? e.Old : null,
                NewPrimary = primaryChanged ? e.New : null,
                WriteUnavailableMs = e.UnavailableMs,
                Message = e.Message,
                UserName = origin.UserName,
                HostName = origin.HostName,
                ProcessId = origin.ProcessId,
            };
        }

        /// <summary>A step as the result's list view shows it: name, ok or FAILED, duration.</summary>
        private static string Short(FailoverStep step) =>
            string.Format(CultureInfo.InvariantCulture, "{0} {1} {2:0.0} ms", step.Name, step.Succeeded ? "ok" : "FAILED", step.DurationMs);

        /// <summary>UTC, truncated to what the journal keeps, so an entry equals what reading it back gives.</summary>
        private static DateTimeOffset Millisecond(DateTimeOffset time)
        {
            DateTimeOffset utc = time.ToUniversalTime();
            return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        }
    }
}
