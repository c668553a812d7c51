using System;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.Cluster
{
    /// <summary>
    /// Polls a cluster with <see cref="PeerProbe"/> every interval and reports each change the moment the
    /// poll that saw it completes, through <see cref="WatchDiff"/>.
    /// </summary>
    public static class ClusterWatcher
    {
        /// <summary>
        /// Watches until <paramref name="ct"/> is cancelled, then completes normally (cancellation is the way to
        /// stop). The callbacks run on the watcher's task, one at a time, in order; an exception thrown by one
        /// ends the watch with that exception. Every socket of a poll is closed before the next poll starts.
        /// </summary>
        /// <param name="table">The cluster.</param>
        /// <param name="options">Interval, timeout, lag threshold, snapshots.</param>
        /// <param name="onEvent">Receives every event.</param>
        /// <param name="onPoll">Receives every poll's snapshot before its events (e.g. for a verbose trace); may be null.</param>
        /// <param name="ct">Stops the watch.</param>
        public static async Task RunAsync(PeerTable table, WatchOptions options, Action<ClusterEvent> onEvent,
            Action<ClusterSnapshot>? onPoll, CancellationToken ct)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (onEvent is null) throw new ArgumentNullException(nameof(onEvent));
            options.Validate();
            var probe = new ProbeOptions { Timeout = options.Timeout };
            var state = new WatchState();
            long lagThreshold = options.MaxLagFrames ?? ClusterSummary.DefaultMaxLagFrames;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    DateTimeOffset started = DateTimeOffset.UtcNow;
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var rows = await PeerProbe.ProbeAsync(table, probe, ct).ConfigureAwait(false);
                    var snapshot = new ClusterSnapshot(table, rows, started, lagThreshold);
                    onPoll?.Invoke(snapshot);
                    foreach (ClusterEvent e in WatchDiff.Compare(snapshot, state, options.MaxLagFrames))
                        onEvent(e);
                    if (options.IncludeSnapshot)
                        onEvent(new ClusterEvent
                        {
                            Kind = ClusterEventKind.Snapshot,
                            Time = started,
                            New = snapshot.Summary.Verdict.ToString(),
                            Message = snapshot.Summary.ToString(),
                            Snapshot = rows,
                            Summary = snapshot.Summary,
                        });
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
    }
}
