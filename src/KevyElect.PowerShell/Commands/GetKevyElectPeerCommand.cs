using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KevyElect.Cluster;
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

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            PeerTable table = ResolvePeers();
            string key = table.ToString();
            Request? request = _requests.FirstOrDefault(r => r.Key == key);
            if (request == null)
            {
                request = new Request(key, table);
                _requests.Add(request);
            }
            if (Summary.IsPresent || NodeId == null)
            {
                request.All = true;
                return;
            }
            foreach (string id in NodeId)
            {
                if (table.Find(id) != null)
                {
                    if (!request.Ids.Contains(id)) request.Ids.Add(id);
                }
                else
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"'{id}' is not a member of the cluster ({string.Join(", ", table.Select(p => p.Id))})."),
                        "KevyElect.UnknownNodeId", ErrorCategory.ObjectNotFound, id));
                }
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            foreach (Request request in _requests)
            {
                if (!request.All && request.Ids.Count == 0) continue;
                TimeSpan callTimeout = CallTimeout;
                var options = new ProbeOptions { Timeout = callTimeout, NodeIds = request.All ? null : request.Ids };
                WriteVerbose($"Probing {(request.All ? request.Table.Count : request.Ids.Count)} member(s) of {request.Key} in parallel, {callTimeout.TotalSeconds:0.###} s each.");
                IReadOnlyList<PeerStatus> rows = Await(PeerProbe.ProbeAsync(request.Table, options, Cancellation));

                if (Summary.IsPresent)
                {
                    WriteObject(ClusterSummary.From(request.Table, rows));
                    continue;
                }
                foreach (PeerStatus row in rows)
                {
                    WriteObject(row);
                    if (row.Error != null) WriteError(NodeError(row));
                }
            }
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
            public Request(string key, PeerTable table)
            {
                Key = key;
                Table = table;
            }

            public string Key { get; }
            public PeerTable Table { get; }
            public bool All { get; set; }
            public List<string> Ids { get; } = new List<string>();
        }
    }
}
