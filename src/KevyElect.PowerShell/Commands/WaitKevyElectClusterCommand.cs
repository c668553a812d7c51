using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Fleet;
using KevyElect.Observe;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Polls a cluster until it reaches a state (a verdict, a given writable primary, every replica caught up) and
    /// writes the summary it reached; on timeout, a terminating error that says what the last poll saw and why it is
    /// not the state asked for.
    /// </summary>
    /// <remarks>
    /// The polling runs in the core (<see cref="ClusterWaiter"/>) on a background task; the pipeline thread writes a
    /// progress record and a verbose line per poll. Ctrl+C ends the wait at once, its sockets closed.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Wait, "KevyElectCluster", DefaultParameterSetName = PeersSet)]
    [OutputType(typeof(ClusterSummary))]
    public sealed class WaitKevyElectClusterCommand : KevyClusterCmdlet
    {
        private readonly PipelineCluster _piped = new PipelineCluster();

        /// <summary>The verdicts that end the wait (any one of them; default Healthy).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public ClusterVerdict[] Verdict { get; set; } = { ClusterVerdict.Healthy };

        /// <summary>Also wait until this member is the writable primary.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string? WritablePrimary { get; set; }

        /// <summary>Also wait until every replica replicates from the writable primary with its link up and lag 0.</summary>
        [Parameter]
        public SwitchParameter CaughtUp { get; set; }

        /// <summary>How long to wait in all, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.001, 86400.0)]
        public double TimeoutSec { get; set; } = 60;

        /// <summary>Seconds from the start of one poll to the start of the next.</summary>
        [Parameter]
        [ValidateRange(0.01, 3600.0)]
        public double IntervalSec { get; set; } = 0.5;

        /// <summary>Former name of -IntervalSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(DontShow = true)]
        [ValidateRange(10, 3600000)]
        public int IntervalMs { get; set; }

        private readonly List<PeerTable> _named = new List<PeerTable>();

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName != ClusterSet)
            {
                _piped.Add(ResolvePeers(), null);
                return;
            }
            foreach (FleetCluster cluster in ResolveClusters())
            {
                try
                {
                    PeerTable table = cluster.LoadPeers();
                    _named.Add(table);
                }
                catch (FleetClusterException e)
                {
                    WriteError(ErrorRecords.From(e, "ClusterMisconfigured", ErrorCategory.InvalidData, cluster.Name));
                }
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            if (ParameterSetName == ClusterSet)
            {
                if (_named.Count == 1) WaitOne(_named[0]);
                else if (_named.Count > 1) WaitMany(_named);
                return;
            }
            WaitOne(_piped.Single(this));
        }

        private ClusterWaitOptions Options() => new ClusterWaitOptions
        {
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Interval = TimeParameters.FromMs(this, nameof(IntervalSec), IntervalSec, nameof(IntervalMs), IntervalMs),
            ProbeTimeout = CallTimeout,
        };

        /// <summary>
        /// Waits for every cluster at once: each summary is written as its cluster gets there; each cluster that does not in time is a
        /// non-terminating KevyElect.WaitTimedOut error of its own, written at the end.
        /// </summary>
        private void WaitMany(List<PeerTable> tables)
        {
            var conditions = tables.Select(t => ConditionParameters.Build(this, t, Verdict, WritablePrimary, CaughtUp.IsPresent)).ToArray();
            ClusterWaitOptions options = Options();
            string activity = $"Waiting for {conditions[0]} on {tables.Count} clusters";
            WriteVerbose($"{activity}: a poll each every {options.Interval.TotalSeconds:0.###} s for up to {TimeoutSec:0.###} s (probe timeout {options.ProbeTimeout.TotalSeconds:0.###} s).");
            int reached = 0;
            Task<ClusterWaitStatus[]> wait = Relay<ClusterWaitStatus, ClusterWaitStatus[]>(
                (report, ct) => Task.WhenAll(tables.Select((t, i) => ClusterWaiter.WaitAsync(t, conditions[i], options, report, ct))),
                status =>
                {
                    if (!status.IsMet) return true;
                    reached++;
                    WriteObject(status.Summary);
                    WriteProgress(new ProgressRecord(1, activity, $"{reached} of {tables.Count} reached; last {status.Summary.ClusterName}: {status.Summary}")
                    {
                        PercentComplete = 100 * reached / tables.Count,
                    });
                    return true;
                },
                Cancellation);
            WriteProgress(new ProgressRecord(1, activity, "done") { RecordType = ProgressRecordType.Completed });
            foreach (ClusterWaitStatus last in Await(wait).Where(s => !s.IsMet)) WriteError(TimedOut(last));
        }

        private static ErrorRecord TimedOut(ClusterWaitStatus last)
        {
            string prefix = last.Summary.ClusterName == null ? string.Empty : $"cluster '{last.Summary.ClusterName}': ";
            return new ErrorRecord(new TimeoutException(prefix + last.DescribeTimeout()), "KevyElect.WaitTimedOut", ErrorCategory.OperationTimeout, last.Summary)
            {
                ErrorDetails = new ErrorDetails(prefix + last.DescribeTimeout())
                {
                    RecommendedAction = "The error's TargetObject is the last summary (its Reasons and GetRows()); wait longer with -TimeoutSec, or act on what it shows.",
                },
            };
        }

        private void WaitOne(PeerTable table)
        {
            ClusterCondition condition = ConditionParameters.Build(this, table, Verdict, WritablePrimary, CaughtUp.IsPresent);
            ClusterWaitOptions options = Options();
            string activity = $"Waiting for {condition}";
            WriteVerbose($"{activity} on {table.Count} member(s): a poll every {options.Interval.TotalSeconds:0.###} s for up to {TimeoutSec:0.###} s (probe timeout {options.ProbeTimeout.TotalSeconds:0.###} s).");
            Task<ClusterWaitStatus> wait = Relay<ClusterWaitStatus, ClusterWaitStatus>(
                (report, ct) => ClusterWaiter.WaitAsync(table, condition, options, report, ct),
                status =>
                {
                    WriteVerbose($"poll {status.Polls}: {status.Summary}" + (status.IsMet ? "; reached" : "; not yet: " + string.Join("; ", status.WhyNot)));
                    // A fresh record each time: hosts and collectors keep the records they are given.
                    WriteProgress(new ProgressRecord(1, activity, status.Describe())
                    {
                        PercentComplete = (int)Math.Min(99, 100 * status.Elapsed.TotalMilliseconds / options.Timeout.TotalMilliseconds),
                    });
                    return true;
                },
                Cancellation);
            WriteProgress(new ProgressRecord(1, activity, "done") { RecordType = ProgressRecordType.Completed });

            ClusterWaitStatus last = Await(wait);
            if (last.IsMet)
            {
                WriteObject(last.Summary);
                return;
            }
            ThrowTerminatingError(TimedOut(last));
        }
    }
}
