using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Moves the primary: a planned, zero-loss switchover that also brings every elector along, or, with
    /// -Takeover, a forced takeover for a cluster whose primary is gone or that cannot elect.
    /// </summary>
    /// <remarks>
    /// Pre-flight reads every node (ROLE, INFO replication, a TCP connect to the elect port: nothing that
    /// changes anything) and plans; a refusal is a Refused result plus a non-terminating error whose id ends
    /// in the refusal code (KevyElect.FailoverRefused.TargetLagging, ...). -WhatIf prints the plan in the
    /// "What if" line and writes the FailoverPlan object, sends no command that changes anything and no elect frame.
    /// The ANNOUNCE epoch is the clock in Unix milliseconds unless -Epoch is given (see EpochChooser): far above
    /// any epoch elections reach, and growing with time so later takeovers stay above earlier ones.
    /// -Force only skips the confirmation prompt. Data loss needs -AcceptDataLoss, and a takeover that leaves
    /// the target without a majority needs -StandInVoter, each said in as many words.
    /// Every run but -WhatIf (refusals included) is appended to the history journal once its result is known.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Invoke, "KevyFailover", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PeersSet)]
    [OutputType(typeof(FailoverResult), typeof(FailoverPlan))]
    public sealed class InvokeKevyFailoverCommand : KevyClusterCmdlet
    {
        private const string Activity = "Invoke-KevyFailover";

        /// <summary>The session variable that holds the last run's result (also after Ctrl+C, when no object can be written).</summary>
        public const string LastResultVariable = "KevyElectLastFailover";

        /// <summary>
        /// The node to promote; without it the protocol's candidate rule picks (highest offset, then lowest id).
        /// A piped Get-KevyElectPeer row binds its NodeId here.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("NodeId")]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string? TargetNodeId { get; set; }

        /// <summary>Planned: most slave_lag_frames the target may show at pre-flight (default 1000); it bounds the write pause, the drain waits for everything.</summary>
        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long MaxLagFrames { get; set; } = ClusterSummary.DefaultMaxLagFrames;

        /// <summary>Planned: the FAILOVER quiesce timeout; both kinds: how long verification waits (seconds).</summary>
        [Parameter]
        [ValidateRange(0.001, 3600.0)]
        public double TimeoutSec { get; set; } = 10;

        /// <summary>The epoch to announce instead of the clock-derived one.</summary>
        [Parameter]
        [ValidateRange(1UL, ulong.MaxValue)]
        public ulong? Epoch { get; set; }

        /// <summary>Forced takeover (the primary is unreachable or the cluster cannot elect) instead of a planned switchover.</summary>
        [Parameter]
        public SwitchParameter Takeover { get; set; }

        /// <summary>
        /// Accept losing writes: a takeover's gap (required when above 0 or unknown), or a planned switchover whose drain cannot be
        /// proven (the plan says why); such a switchover ends SucceededUnproven, never Succeeded.
        /// </summary>
        [Parameter]
        public SwitchParameter AcceptDataLoss { get; set; }

        /// <summary>
        /// Takeover: allow stand-in voters (heartbeats under reserved ids outside the peer table) so a target without a
        /// real majority holds its write lease. They run in this process until the result's StandIn.Stop().
        /// </summary>
        [Parameter]
        public SwitchParameter StandInVoter { get; set; }

        /// <summary>Skip the confirmation prompt. Does not accept data loss or allow stand-ins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The history journal this run is appended to (default: $KevyElectJournalPath, else the user's data folder); '' records nothing.</summary>
        [Parameter]
        [AllowEmptyString]
        public string? JournalPath { get; set; }

        private readonly PipelineCluster _piped = new PipelineCluster();
        private readonly List<PeerTable> _named = new List<PeerTable>();

        /// <summary>
        /// Gathers the cluster and the target each piped record names; the switchover runs once, at the end. -Cluster may name
        /// several clusters one by one: each is then switched over once, in the order named.
        /// </summary>
        protected override void ProcessRecord()
        {
            string[]? target = TargetNodeId == null ? null : new[] { TargetNodeId };
            if (ParameterSetName != ClusterSet)
            {
                _piped.Add(ResolvePeers(), target);
                return;
            }
            foreach (PeerTable table in Selection.EachNamed(Cluster!))
            {
                if (!_named.Exists(t => string.Equals(t.Name, table.Name, StringComparison.OrdinalIgnoreCase))) _named.Add(table);
            }
            _piped.AddNodeIds(target);
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            IReadOnlyList<PeerTable> tables = _named.Count > 0 ? _named : new[] { _piped.Single(this) };
            if (_piped.NodeIds.Count > 1)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("SeveralTargets",
                    $"{_piped.NodeIds.Count} target nodes were named ({string.Join(", ", _piped.NodeIds)}): a switchover has one target, "
                    + "so nothing was sent. Pipe one row (e.g. Where-Object NodeId -eq n2) or name -TargetNodeId.", _piped.NodeIds));
            string? targetId = _piped.NodeIds.Count == 1 ? _piped.NodeIds[0] : null;
            if (!Takeover.IsPresent && StandInVoter.IsPresent)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("TakeoverOnlySwitch",
                    "-StandInVoter only applies to a forced takeover: add -Takeover or drop it.", null));

            for (int i = 0; i < tables.Count; i++)
            {
                if (RunOne(tables[i], targetId) || i + 1 == tables.Count) continue;
                // Clusters named together are changed one after another, and only while each change succeeds.
                string[] untouched = tables.Skip(i + 1).Select(t => t.Name ?? t.ToString()).ToArray();
                WriteError(new ErrorRecord(new InvalidOperationException(
                        $"Cluster '{tables[i].Name}' did not end Succeeded, so {string.Join(", ", untouched)} {(untouched.Length == 1 ? "was" : "were")} not touched. "
                        + "Look at its result, then name the remaining clusters again."),
                    "KevyElect.ClustersNotAttempted", ErrorCategory.OperationStopped, untouched));
                return;
            }
        }

        /// <summary>Plans and runs one cluster's failover; false when it was refused or did not succeed (the caller stops there).</summary>
        private bool RunOne(PeerTable table, string? targetId)
        {
            (ulong epoch, string source) = EpochChooser.Choose(Epoch, DateTimeOffset.UtcNow);
            var request = new FailoverRequest
            {
                TargetNodeId = targetId,
                Takeover = Takeover.IsPresent,
                MaxLagFrames = MaxLagFrames,
                AcceptDataLoss = AcceptDataLoss.IsPresent,
                AllowStandInVoter = StandInVoter.IsPresent,
                Epoch = epoch,
                EpochSource = source,
            };

            var history = new FailoverHistory(this, table, JournalPath);
            string of = table.Name == null ? string.Empty : $" of cluster '{table.Name}'";
            WriteProgress(new ProgressRecord(1, Activity, $"Pre-flight: reading ROLE, INFO, REPL.TOKEN and elect ports of {table.Count} node(s){of}") { PercentComplete = 0 });
            Task<(FailoverPlan, IReadOnlyList<NodeObservation>)> reading = FailoverPreflight.PlanAsync(table, request, ClusterReader.Instance, CallTimeout,
                why => Post(() => Show(new FailoverProgress("Pre-flight", why, 0))), Cancellation);
            (FailoverPlan plan, IReadOnlyList<NodeObservation> observations) = Await(reading);
            foreach (NodeObservation o in observations) WriteVerbose(o.ToString());
            WriteVerbose(plan.Describe());

            string target = (table.Name == null ? string.Empty : table.Name + ": ") + (plan.TargetId ?? "(no target)");
            string action = (plan.GetKind() == FailoverKind.Planned ? "Planned switchover" : "Forced takeover") + Environment.NewLine + plan.Describe();
            if (IsWhatIf())
            {
                ShouldProcess(target, action);
                WriteObject(plan);
                Complete();
                return true;
            }
            if (plan.IsRefused)
            {
                FailoverResult refused = FailoverResult.FromRefusal(plan);
                history.Record(refused);
                Refuse(refused);
                return false;
            }
            if (!Force.IsPresent && !ShouldProcess(target, action))
            {
                Complete();
                return true;
            }

            var options = new FailoverRunOptions
            {
                CallTimeout = CallTimeout,
                QuiesceTimeout = TimeSpan.FromSeconds(TimeoutSec),
                SettleTimeout = TimeSpan.FromSeconds(TimeoutSec),
            };
            var progress = new PostedProgress(this);
            Task<FailoverResult> run = plan.GetKind() == FailoverKind.Planned
                ? SwitchoverRunner.RunAsync(table, plan, options, progress, Cancellation)
                : TakeoverRunner.RunAsync(table, plan, options, progress, Cancellation);
            try
            {
                // Pumps the progress until the run has ended, whatever its end: the result is read below.
                Await(Task.WhenAny(run));
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C: the runner rolls back (or finishes what cannot be left half done), bounded by its timeouts.
                FailoverResult stopped = run.GetAwaiter().GetResult();
                history.Record(stopped);
                Stopped(stopped);
                throw;
            }
            FailoverResult result = Await(run);
            history.Record(result);
            Keep(result);
            if (Cancellation.IsCancellationRequested)
            {
                Stopped(result);
                throw new PipelineStoppedException();
            }
            Complete();
            Report(result);
            return result.GetOutcome() == FailoverOutcome.Succeeded || result.GetOutcome() == FailoverOutcome.SucceededUnproven;
        }

        /// <summary>Keeps the result for the session: after Ctrl+C the pipeline takes no more objects, and the result still matters.</summary>
        private void Keep(FailoverResult result) => SessionState.PSVariable.Set("global:" + LastResultVariable, result);

        /// <summary>After Ctrl+C the pipeline takes no more objects or warnings: keep the result and say what happened on the host.</summary>
        private void Stopped(FailoverResult result)
        {
            Keep(result);
            try { Host.UI.WriteWarningLine($"{result.Outcome}: {result.Message} (the result is in ${LastResultVariable})"); }
            catch (Exception e) when (e is PipelineStoppedException || e is NotImplementedException || e is System.Management.Automation.Host.HostException) { }
        }

        private void Refuse(FailoverResult result)
        {
            Complete();
            WriteObject(result);
            WriteError(ErrorRecords.From(new InvalidOperationException("Failover refused: " + result.Refusal),
                "FailoverRefused." + result.Refusal!.Code, ErrorCategory.InvalidOperation, result));
        }

        private void Report(FailoverResult result)
        {
            if (result.GetOutcome() == FailoverOutcome.RolledBack || result.GetOutcome() == FailoverOutcome.SucceededUnproven) WriteWarning(result.Message);
            if (result.StandIn != null)
                WriteWarning($"Stand-in voter {string.Join(",", result.StandIn.VoterIds)} keeps {result.StandIn.TargetNodeId}'s write lease from this process; "
                    + "it ends with the process. Call $result.StandIn.Stop() once enough real nodes are back.");
            WriteObject(result);
            if (result.GetOutcome() == FailoverOutcome.Failed || result.GetOutcome() == FailoverOutcome.Unknown)
                WriteError(ErrorRecords.From(new InvalidOperationException(result.Message), "Failover" + result.Outcome, ErrorCategory.OperationStopped, result));
        }

        /// <summary>Writes one report of the runner: a completed step as a verbose line, anything else as progress.</summary>
        private void Show(FailoverProgress p)
        {
            if (p.CompletedStep != null)
            {
                WriteVerbose(p.CompletedStep.ToString());
                return;
            }
            WriteProgress(new ProgressRecord(1, Activity, p.Phase + ": " + p.Status) { PercentComplete = Math.Max(0, Math.Min(100, p.PercentComplete)) });
        }

        private void Complete() => WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });

        private bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? w) && w is SwitchParameter ws) return ws.IsPresent;
            object? preference = SessionState.PSVariable.GetValue("WhatIfPreference");
            return preference != null && LanguagePrimitives.IsTrue(preference);
        }

        /// <summary>Hands progress from the runner's threads to the pipeline thread, which writes it.</summary>
        private sealed class PostedProgress : IProgress<FailoverProgress>
        {
            private readonly InvokeKevyFailoverCommand _cmdlet;

            public PostedProgress(InvokeKevyFailoverCommand cmdlet) => _cmdlet = cmdlet;

            public void Report(FailoverProgress value) => _cmdlet.Post(() => _cmdlet.Show(value));
        }
    }
}
