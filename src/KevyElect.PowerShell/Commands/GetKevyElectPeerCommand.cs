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
    /// Probes every member of a cluster in parallel (ROLE and INFO replication on the client port, a TCP
    /// connect on the elect port) and writes one row per member, or with -Summary one judgement of the cluster.
    /// </summary>
    /// <remarks>
    /// <para>A node that cannot be probed still gets its row, with the problem in its Error field, and the same
    /// problem is written as a non-terminating error (KevyElect.NodeUnreachable, ConnectionError, when a
    /// connection failed or timed out; KevyElect.NodeProbeFailed, InvalidResult, for an error or unusable
    /// reply), so scripts keep every row and -ErrorAction decides about the noise. With -Summary the
    /// problems are the summary's Reasons and no error is written.</para>
    /// <para>Pipeline input is gathered and probed at the end, one parallel probe per cluster: piped rows
    /// re-probe their own nodes (NodeId binds by property name), a piped lab probes all its members.</para>
    /// <para>With -Cluster (names from the fleet inventory, wildcards allowed) the clusters are probed at once, -ThrottleLimit at a
    /// time, each under its own deadline; rows come cluster by cluster as each finishes, summaries worst verdict first. A cluster
    /// whose entry is unusable (KevyElect.ClusterMisconfigured) or whose probe passes its deadline (KevyElect.ClusterTimedOut)
    /// is a non-terminating error of its own.</para>
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "KevyElectPeer", DefaultParameterSetName = PeersSet)]
    [OutputType(typeof(PeerStatus), typeof(ClusterSummary))]
    public sealed class GetKevyElectPeerCommand : KevyClusterCmdlet
    {
        private readonly List<Request> _requests = new List<Request>();

        /// <summary>Only these members (the probe still resolves ids against the whole table).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? NodeId { get; set; }

        /// <summary>Write one ClusterSummary (verdict, primaries, quorum, disagreements) instead of the rows.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            if (Summary.IsPresent && MyInvocation.BoundParameters.ContainsKey(nameof(NodeId)))
                ThrowTerminatingError(ErrorRecords.InvalidArgument("SummaryNeedsAllMembers",
                    "-Summary judges the whole cluster, so it cannot be combined with -NodeId; drop one of them.", NodeId));
        }

        /// <summary>The most clusters probed at once when several are named (the nodes of one cluster are always probed together).</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int ThrottleLimit { get; set; } = FleetProbeOptions.DefaultThrottleLimit;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (FleetCluster cluster in ResolveClusters())
            {
                Request? request = _requests.FirstOrDefault(r => string.Equals(r.Cluster.Name, cluster.Name, StringComparison.OrdinalIgnoreCase));
                if (request == null)
                {
                    request = new Request(cluster);
                    _requests.Add(request);
                }
                if (Summary.IsPresent || NodeId == null)
                {
                    request.All = true;
                    continue;
                }
                foreach (string id in NodeId)
                {
                    if (!request.Ids.Contains(id)) request.Ids.Add(id);
                }
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            if (_requests.Count == 0) return;
            TimeSpan callTimeout = CallTimeout;
            var options = new FleetProbeOptions { Timeout = callTimeout, ThrottleLimit = ThrottleLimit };
            var clusters = _requests.Select(r => r.Cluster).ToArray();
            WriteVerbose(clusters.Length == 1
                ? $"Probing the members of {clusters[0].Name} in parallel, {callTimeout.TotalSeconds:0.###} s each."
                : $"Probing {clusters.Length} clusters, {Math.Min(ThrottleLimit, clusters.Length)} at a time, the members of each in parallel, {callTimeout.TotalSeconds:0.###} s each "
                  + $"(a cluster is given up after {options.EffectiveDeadline.TotalMilliseconds:0} ms).");
            IReadOnlyCollection<string>? Ids(FleetCluster c)
            {
                Request r = _requests.First(q => q.Cluster == c);
                return r.All ? null : r.Ids;
            }
            Task<IReadOnlyList<FleetProbeResult>> probe = Relay<FleetProbeResult, IReadOnlyList<FleetProbeResult>>(
                (report, ct) => FleetProbe.ProbeAsync(clusters, options, Ids, report, ct),
                result =>
                {
                    if (!Summary.IsPresent) WriteRows(result);
                    else if (result.Error != null) WriteError(ClusterError(result));
                    return true;
                },
                Cancellation);
            IReadOnlyList<FleetProbeResult> results = Await(probe);
            if (Summary.IsPresent) WriteObject(FleetProbe.WorstFirst(results), true);
        }

        private void WriteRows(FleetProbeResult result)
        {
            if (result.Error != null)
            {
                WriteError(ClusterError(result));
                return;
            }
            Request request = _requests.First(r => string.Equals(r.Cluster.Name, result.ClusterName, StringComparison.OrdinalIgnoreCase));
            foreach (string id in request.Ids.Where(id => result.Table?.Find(id) == null))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"'{id}' is not a member of the cluster{Named(result.Table)} ({string.Join(", ", result.Table!.Select(p => p.Id))})."),
                    "KevyElect.UnknownNodeId", ErrorCategory.ObjectNotFound, id));
            }
            foreach (PeerStatus row in result.Rows)
            {
                WriteObject(row);
                if (row.Error != null) WriteError(NodeError(row));
            }
        }

        private static string Named(PeerTable? table) => table?.Name == null ? string.Empty : " " + table.Name;

        private static ErrorRecord ClusterError(FleetProbeResult result)
        {
            bool timedOut = result.Failure == FleetProbeFailure.DeadlineExceeded;
            ErrorRecord record = timedOut
                ? ErrorRecords.From(new TimeoutException(result.Error), "ClusterTimedOut", ErrorCategory.OperationTimeout, result.ClusterName)
                : ErrorRecords.From(new InvalidOperationException(result.Error), "ClusterMisconfigured", ErrorCategory.InvalidData, result.ClusterName);
            record.ErrorDetails = new ErrorDetails(result.Error)
            {
                RecommendedAction = timedOut
                    ? $"Probe {result.ClusterName} alone (Get-KevyElectPeer -Cluster {result.ClusterName} -Verbose) to see which node hangs."
                    : $"Fix the entry of {result.ClusterName} in the inventory (Get-KevyElectInventory shows each entry and its problem).",
            };
            return record;
        }

        private static ErrorRecord NodeError(PeerStatus row)
        {
            ErrorRecord record = row.ConnectionFailed
                ? ErrorRecords.From(new System.IO.IOException(row.Error), "NodeUnreachable", ErrorCategory.ConnectionError, row.NodeId)
                : ErrorRecords.From(new InvalidOperationException(row.Error), "NodeProbeFailed", ErrorCategory.InvalidResult, row.NodeId);
            record.ErrorDetails = new ErrorDetails(row.Error)
            {
                RecommendedAction = row.ConnectionFailed
                    ? $"Check that {row.NodeId} is running and that {row.Host} ports {row.ClientPort} and {row.ElectPort} are reachable from here."
                    : $"Look at {row.NodeId}'s log; the row's Error shows its reply.",
            };
            return record;
        }

        private sealed class Request
        {
            public Request(FleetCluster cluster) => Cluster = cluster;

            public FleetCluster Cluster { get; }
            public bool All { get; set; }
            public List<string> Ids { get; } = new List<string>();
        }
    }
}
