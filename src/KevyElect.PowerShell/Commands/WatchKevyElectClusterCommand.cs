using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Fleet;
using KevyElect.Observe;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Polls a cluster and writes a typed event the moment a poll sees a change: nodes going down or up,
    /// role changes in either view, a new writable primary (with the time without one), split brain,
    /// quorum lost or restored, lag, and disagreements between the views. The first poll writes a Started
    /// event with the cluster's verdict, so a quiet cluster shows that it is being watched.
    /// </summary>
    /// <remarks>
    /// The polling runs on a background task that queues events; the pipeline thread writes each one as it
    /// arrives, so a downstream ForEach-Object reacts live, and writes a progress record per poll. The watch ends
    /// on Ctrl+C, after -DurationSec, after -Count changes (with -IncludeSnapshot: -Count polls), after the first event
    /// of the -Until kind, or after the first poll that meets the -UntilVerdict / -UntilWritablePrimary /
    /// -UntilCaughtUp condition; it closes every socket and waits for the background task before returning.
    /// </remarks>
    [Cmdlet(VerbsCommon.Watch, "KevyElectCluster", DefaultParameterSetName = PeersSet)]
    [OutputType(typeof(ClusterEvent))]
    public sealed class WatchKevyElectClusterCommand : KevyClusterCmdlet
    {
        /// <summary>Seconds from the start of one poll to the start of the next.</summary>
        [Parameter]
        [ValidateRange(0.01, 3600.0)]
        public double IntervalSec { get; set; } = 0.5;

        /// <summary>Former name of -IntervalSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(DontShow = true)]
        [ValidateRange(10, 3600000)]
        public int IntervalMs { get; set; }

        /// <summary>Stop after this many seconds.</summary>
        [Parameter]
        [ValidateRange(0.001, double.MaxValue)]
        public double? DurationSec { get; set; }

        /// <summary>Former name of -DurationSec, as a TimeSpan; hidden, kept so existing scripts run.</summary>
        [Parameter(DontShow = true)]
        public TimeSpan Duration { get; set; }

        /// <summary>Stop after this many changes (with -IncludeSnapshot: after this many polls).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Count { get; set; }

        /// <summary>Stop after the first event of this kind (written before stopping).</summary>
        [Parameter]
        public ClusterEventKind? Until { get; set; }

        /// <summary>Stop after the first poll whose verdict is one of these.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public ClusterVerdict[]? UntilVerdict { get; set; }

        /// <summary>Stop after the first poll in which this member is the writable primary.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string? UntilWritablePrimary { get; set; }

        /// <summary>Stop after the first poll in which every replica replicates from the writable primary, link up, lag 0.</summary>
        [Parameter]
        public SwitchParameter UntilCaughtUp { get; set; }

        /// <summary>Report LagExceeded when a replica lags more than this many frames.</summary>
        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long? MaxLagFrames { get; set; }

        /// <summary>Also write each poll's rows as a Snapshot event.</summary>
        [Parameter]
        public SwitchParameter IncludeSnapshot { get; set; }

        /// <summary>Append every event but Snapshot to the history journal (at -JournalPath, $KevyElectJournalPath or the user's data folder).</summary>
        [Parameter]
        public SwitchParameter Journal { get; set; }

        /// <summary>The history journal to append the events to; implies -Journal.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        private readonly List<PeerTable> _tables = new List<PeerTable>();
        private WatchHistory? _history;
        private int _polls;
        private WatchStopRule? _stopRule;
        private TimeSpan? _duration;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            // Piped rows of one cluster name it once each; the watch itself runs in EndProcessing.
            if (ParameterSetName == ClusterSet)
            {
                foreach (FleetCluster cluster in ResolveClusters())
                {
                    try
                    {
                        PeerTable named = cluster.LoadPeers();
                        Add(named);
                    }
                    catch (FleetClusterException e)
                    {
                        WriteError(ErrorRecords.From(e, "ClusterMisconfigured", ErrorCategory.InvalidData, cluster.Name));
                    }
                }
                return;
            }
            PeerTable table = ResolvePeers();
            Add(table);
            if (_tables.Count > 1 && _tables.Any(t => t.Name == null))
                ThrowTerminatingError(ErrorRecords.InvalidArgument("OneClusterPerWatch",
                    $"Watch-KevyElectCluster watches one unnamed cluster per call, and the input names {_tables[0]} and {table}: their events could not be told apart. "
                    + "Run one watch per cluster, or name the clusters in the fleet inventory and watch them as one stream with -Cluster.", table.ToString()));
        }

        private void Add(PeerTable table)
        {
            if (!_tables.Any(t => Key(t) == Key(table))) _tables.Add(table);
        }

        private static string Key(PeerTable t) => t.Name ?? t.ToString();

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            if (_tables.Count == 0) return;
            TimeSpan interval = TimeParameters.FromMs(this, nameof(IntervalSec), IntervalSec, nameof(IntervalMs), IntervalMs);
            TimeSpan? duration = MyInvocation.BoundParameters.ContainsKey(nameof(Duration))
                ? TimeParameters.Resolve(this, nameof(DurationSec), 0, nameof(Duration), "a TimeSpan", () => Duration)
                : DurationSec is double seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            if (duration is TimeSpan given && given <= TimeSpan.Zero)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("BadDuration", $"-DurationSec must be positive, not {given.TotalSeconds} s.", given));
            _duration = duration;
            TimeSpan callTimeout = CallTimeout;
            bool untilCondition = UntilVerdict != null || UntilWritablePrimary != null || UntilCaughtUp.IsPresent;
            ClusterCondition? until = null;
            foreach (PeerTable table in _tables)
                if (untilCondition) until = ConditionParameters.Build(this, table, UntilVerdict, UntilWritablePrimary, UntilCaughtUp.IsPresent);
            var options = new WatchOptions
            {
                Interval = interval,
                Timeout = callTimeout,
                MaxLagFrames = MaxLagFrames,
                IncludeSnapshot = IncludeSnapshot.IsPresent,
                Until = until,
            };
            _history = WatchHistory.For(this, Journal.IsPresent, JournalPath);
            _stopRule = new WatchStopRule(Count, Until, IncludeSnapshot.IsPresent);
            string what = _tables.Count == 1 ? string.Join(", ", _tables[0].Select(p => p.Id)) : $"{_tables.Count} clusters ({string.Join(", ", _tables.Select(Key))})";
            string activity = $"Watching {what}" + (options.Until == null ? string.Empty : $" until {options.Until}");

            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation))
            {
                if (duration is TimeSpan limit) stop.CancelAfter(limit);
                WriteVerbose($"Watching {_tables.Sum(t => t.Count)} member(s) of {_tables.Count} cluster(s) every {interval.TotalSeconds:0.###} s (probe timeout {callTimeout.TotalSeconds:0.###} s).");
                Stopwatch clock = Stopwatch.StartNew();
                List<PeerTable> tables = _tables;
                Task<bool> loop = Relay<object, bool>(async (report, ct) =>
                {
                    // A fleet's polls only feed the progress line, told at most four times a second: the others never
                    // wake the pipeline thread (hundreds of clusters poll every second).
                    Action<ClusterSnapshot> onPoll = tables.Count == 1 ? report : PollThrottle.Every(TimeSpan.FromMilliseconds(250), report);
                    await FleetWatcher.RunAsync(tables, options, report, onPoll, ct).ConfigureAwait(false);
                    return true;
                }, item => Write(item, activity, clock), stop.Token);
                WriteProgress(new ProgressRecord(1, activity, "done") { RecordType = ProgressRecordType.Completed });
                if (loop.IsFaulted && !Cancellation.IsCancellationRequested)
                    ThrowTerminatingError(ErrorRecords.From(loop.Exception!.GetBaseException(), "WatchFailed", ErrorCategory.NotSpecified, string.Join(" | ", _tables.Select(Key))));
            }
        }

        /// <summary>Writes one report of the watch; false once the watch should end (-Count reached, -Until kind seen, Ctrl+C).</summary>
        private bool Write(object item, string activity, Stopwatch clock)
        {
            if (Cancellation.IsCancellationRequested) return false;
            if (item is ClusterSnapshot poll)
            {
                ClusterSummary s = poll.Summary;
                _polls++;
                if (_tables.Count > 1)
                {
                    // Only the fleet polls PollThrottle let through arrive here.
                    WriteProgress(new ProgressRecord(1, activity, $"{_polls} polls of {_tables.Count} clusters; last {s.ClusterName}: {s}; {_stopRule!.Changes} change(s) so far")
                    {
                        PercentComplete = _duration is TimeSpan whole ? (int)Math.Min(99, 100 * clock.Elapsed.TotalMilliseconds / whole.TotalMilliseconds) : -1,
                    });
                    return true;
                }
                WriteVerbose($"{poll.Time.ToLocalTime():HH:mm:ss.fff} poll: {s.Verdict}, {s.ReachableCount}/{s.Members.Count} reachable, " +
                    $"primary {s.WritablePrimary ?? "none"}.");
                // A fresh record each time: hosts and collectors keep the records they are given.
                WriteProgress(new ProgressRecord(1, activity, $"poll {_polls} at {poll.Time.ToLocalTime():HH:mm:ss}: {s}; {_stopRule!.Changes} change(s) so far")
                {
                    PercentComplete = _duration is TimeSpan limit ? (int)Math.Min(99, 100 * clock.Elapsed.TotalMilliseconds / limit.TotalMilliseconds) : -1,
                });
                return true;
            }
            var e = (ClusterEvent)item;
            WriteObject(e);
            _history?.Record(e, _tables.Count == 1 ? _tables[0] : _tables.First(t => t.Name == e.ClusterName));
            return _stopRule!.Continue(e);
        }
    }
}
