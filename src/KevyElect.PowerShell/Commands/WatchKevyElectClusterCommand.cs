using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Polls a cluster and writes a typed event the moment a poll sees a change: nodes going down or up,
    /// role changes in either view, a new writable primary (with the time without one), split brain,
    /// quorum lost or restored, lag, and disagreements between the views.
    /// </summary>
    /// <remarks>
    /// The polling runs on a background task that queues events; the pipeline thread writes each one as it
    /// arrives, so a downstream ForEach-Object reacts live. The watch ends on Ctrl+C, after -Duration, after
    /// -Count events (Snapshot events are not counted), or after the first event of the -Until kind; it closes
    /// every socket and waits for the background task before returning.
    /// </remarks>
    [Cmdlet(VerbsCommon.Watch, "KevyElectCluster", DefaultParameterSetName = PeersSet)]
    [OutputType(typeof(ClusterEvent))]
    public sealed class WatchKevyElectClusterCommand : KevyClusterCmdlet
    {
        /// <summary>Milliseconds from the start of one poll to the start of the next.</summary>
        [Parameter]
        [ValidateRange(10, 3600000)]
        public int IntervalMs { get; set; } = 500;

        /// <summary>Stop after this long.</summary>
        [Parameter]
        public TimeSpan? Duration { get; set; }

        /// <summary>Stop after this many events (Snapshot events excluded).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Count { get; set; }

        /// <summary>Stop after the first event of this kind (written before stopping).</summary>
        [Parameter]
        public ClusterEventKind? Until { get; set; }

        /// <summary>Report LagExceeded when a replica lags more than this many frames.</summary>
        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long? MaxLagFrames { get; set; }

        /// <summary>Also write each poll's rows as a Snapshot event.</summary>
        [Parameter]
        public SwitchParameter IncludeSnapshot { get; set; }

        private PeerTable? _table;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            // Piped rows of one cluster name it once each; the watch itself runs in EndProcessing.
            PeerTable table = ResolvePeers();
            if (_table == null)
                _table = table;
            else if (_table.ToString() != table.ToString())
                ThrowTerminatingError(ErrorRecords.InvalidArgument("OneClusterPerWatch",
                    $"Watch-KevyElectCluster watches one cluster; the input names {_table} and {table}. Run one watch per cluster.", table.ToString()));
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            if (_table == null) return;
            PeerTable table = _table;
            if (Duration is TimeSpan d && d <= TimeSpan.Zero)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("BadDuration", $"-Duration must be positive, not {d}.", d));
            var options = new WatchOptions
            {
                Interval = TimeSpan.FromMilliseconds(IntervalMs),
                Timeout = Timeout,
                MaxLagFrames = MaxLagFrames,
                IncludeSnapshot = IncludeSnapshot.IsPresent,
            };

            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation))
            using (var queue = new BlockingCollection<object>())
            {
                if (Duration is TimeSpan duration) stop.CancelAfter(duration);
                WriteVerbose($"Watching {table.Count} member(s) every {IntervalMs} ms (probe timeout {TimeoutMs} ms).");
                Task loop = Task.Run(() => ClusterWatcher.RunAsync(table, options, e => queue.Add(e), s => queue.Add(s), stop.Token));
                Task finished = loop.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
                try
                {
                    Drain(queue, stop);
                }
                finally
                {
                    stop.Cancel();
                    // Every probe honours the token, so this returns promptly; its sockets are closed by then.
                    finished.Wait();
                }
                if (loop.IsFaulted && !Cancellation.IsCancellationRequested)
                    ThrowTerminatingError(ErrorRecords.From(loop.Exception!.GetBaseException(), "WatchFailed", ErrorCategory.NotSpecified, table.ToString()));
            }
        }

        private void Drain(BlockingCollection<object> queue, CancellationTokenSource stop)
        {
            int written = 0;
            foreach (object item in queue.GetConsumingEnumerable())
            {
                if (stop.IsCancellationRequested && Cancellation.IsCancellationRequested) return;
                if (item is ClusterSnapshot poll)
                {
                    ClusterSummary s = poll.Summary;
                    WriteVerbose($"{poll.Time.ToLocalTime():HH:mm:ss.fff} poll: {s.Verdict}, {s.ReachableCount}/{s.Members.Count} reachable, " +
                        $"primary {s.WritablePrimary ?? "none"}.");
                    continue;
                }
                var e = (ClusterEvent)item;
                WriteObject(e);
                if (e.Kind != ClusterEventKind.Snapshot) written++;
                if ((Count is int max && written >= max) || (Until is ClusterEventKind until && e.Kind == until))
                {
                    stop.Cancel();
                    return;
                }
            }
        }
    }
}
