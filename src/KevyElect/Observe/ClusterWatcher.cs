using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;

namespace KevyElect.Observe
{
    /// <summary>
    /// Polls a cluster with <see cref="PeerProbe"/> every interval and reports each change the moment the
    /// poll that saw it completes, through <see cref="WatchDiff"/>. Data-plane connections stay open between polls
    /// (<see cref="ProbeConnections"/>) and are closed when the watch ends.
    /// </summary>
    /// <remarks>
    /// Per poll the events come in this order: <see cref="ClusterEventKind.Started"/> (first poll only), the changes,
    /// the <see cref="ClusterEventKind.Snapshot"/> (when requested), <see cref="ClusterEventKind.ConditionMet"/> (when the
    /// poll meets <see cref="WatchOptions.Until"/>, which ends the watch).
    /// </remarks>
    public static class ClusterWatcher
    {
        /// <summary>
        /// Watches until <paramref name="ct"/> is cancelled or a poll meets <see cref="WatchOptions.Until"/>, then completes
        /// normally (cancellation is the way to stop). The callbacks run on the watcher's task, one at a time, in order; an
        /// exception thrown by one ends the watch with that exception. Every socket of a poll is closed before the next poll starts.
        /// </summary>
        /// <param name="table">The cluster.</param>
        /// <param name="options">Interval, timeout, lag threshold, snapshots, the condition that ends the watch.</param>
        /// <param name="onEvent">Receives every event.</param>
        /// <param name="onPoll">Receives every poll's snapshot before its events (e.g. for a verbose trace); may be null.</param>
        /// <param name="ct">Stops the watch.</param>
        /// <exception cref="ArgumentException">The -Until condition names a writable primary that is not a member.</exception>
        public static async Task RunAsync(PeerTable table, WatchOptions options, Action<ClusterEvent> onEvent,
            Action<ClusterSnapshot>? onPoll, CancellationToken ct)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (onEvent is null) throw new ArgumentNullException(nameof(onEvent));
            options.Validate(table);
            var probe = new ProbeOptions { Timeout = options.Timeout };
            var state = new WatchState();
            long lagThreshold = options.MaxLagFrames ?? ClusterSummary.DefaultMaxLagFrames;
            using var connections = new ProbeConnections();
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    DateTimeOffset started = DateTimeOffset.UtcNow;
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var rows = await PeerProbe.ProbeAsync(table, probe, connections, ct).ConfigureAwait(false);
                    var snapshot = new ClusterSnapshot(table, rows, started, lagThreshold);
                    onPoll?.Invoke(snapshot);
                    if (!state.Initialized) onEvent(Started(snapshot, options));
                    foreach (ClusterEvent e in WatchDiff.Compare(snapshot, state, options.MaxLagFrames))
                        onEvent(e);
                    if (options.IncludeSnapshot) onEvent(Poll(ClusterEventKind.Snapshot, snapshot, snapshot.Summary.ToString()));
                    if (options.Until is ClusterCondition until && until.IsMetBy(snapshot.Summary))
                    {
                        onEvent(Poll(ClusterEventKind.ConditionMet, snapshot, $"{until}: {snapshot.Summary}"));
                        return;
                    }
                    TimeSpan wait = options.Interval - clock.Elapsed;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Cancellation is how a watch ends.
            }
        }

        /// <summary>Watches without a per-poll callback; see <see cref="RunAsync(PeerTable, WatchOptions, Action{ClusterEvent}, Action{ClusterSnapshot}, CancellationToken)"/>.</summary>
        public static Task RunAsync(PeerTable table, WatchOptions options, Action<ClusterEvent> onEvent, CancellationToken ct) =>
            RunAsync(table, options, onEvent, null, ct);

        private static ClusterEvent Started(ClusterSnapshot snapshot, WatchOptions options)
        {
            ClusterSummary s = snapshot.Summary;
            string interval = options.Interval.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
            string reasons = s.Reasons.Count == 0 ? string.Empty : " (" + string.Join("; ", s.Reasons) + ")";
            return Poll(ClusterEventKind.Started, snapshot, $"watching {string.Join(", ", s.Members)} every {interval} ms: {s}{reasons}", baseline: true);
        }

        /// <summary>An event about the poll as a whole: its verdict as <see cref="ClusterEvent.New"/>, its summary attached.</summary>
        private static ClusterEvent Poll(ClusterEventKind kind, ClusterSnapshot snapshot, string message, bool baseline = false) => new ClusterEvent
        {
            ClusterName = snapshot.Table.Name,
            KindValue = kind,
            Time = snapshot.Time,
            New = snapshot.Summary.Verdict.ToString(),
            Message = message,
            Snapshot = kind == ClusterEventKind.Snapshot ? snapshot.Rows : null,
            Summary = snapshot.Summary,
            Baseline = baseline,
        };
    }
}
