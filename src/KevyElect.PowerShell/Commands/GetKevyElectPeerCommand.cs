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
    /// A node that cannot be probed still gets its row, with the problem in its Error field, and the same
    /// problem is written as a non-terminating error (KevyElect.NodeUnreachable, ConnectionError, when a
    /// connection failed or timed out; KevyElect.NodeProbeFailed, InvalidResult, for an error or unusable
    /// reply), so scripts keep every row and -ErrorAction decides about the noise. With -Summary the
    /// problems are the summary's Reasons and no error is written.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "KevyElectPeer", DefaultParameterSetName = PeersSet)]
    [OutputType(typeof(PeerStatus), typeof(ClusterSummary))]
    public sealed class GetKevyElectPeerCommand : KevyClusterCmdlet
    {
        /// <summary>Only these members (the probe still resolves ids against the whole table).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? NodeId { get; set; }

        /// <summary>Write one ClusterSummary (verdict, primaries, quorum, disagreements) instead of the rows.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            PeerTable table = ResolvePeers();
            if (Summary.IsPresent && NodeId != null)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("SummaryNeedsAllMembers",
                    "-Summary judges the whole cluster, so it cannot be combined with -NodeId; drop one of them.", NodeId));

            var options = new ProbeOptions { Timeout = Timeout };
            if (NodeId != null)
            {
                var known = new List<string>();
                foreach (string id in NodeId)
                {
                    if (table.Find(id) != null) known.Add(id);
                    else WriteError(new ErrorRecord(new ItemNotFoundException($"'{id}' is not a member of the cluster ({string.Join(", ", table.Select(p => p.Id))})."),
                        "KevyElect.UnknownNodeId", ErrorCategory.ObjectNotFound, id));
                }
                if (known.Count == 0) return;
                options.NodeIds = known;
            }

            WriteVerbose($"Probing {(options.NodeIds?.Count ?? table.Count)} member(s) in parallel, {TimeoutMs} ms each.");
            IReadOnlyList<PeerStatus> rows = Await(PeerProbe.ProbeAsync(table, options, Cancellation));

            if (Summary.IsPresent)
            {
                WriteObject(ClusterSummary.From(table, rows));
                return;
            }
            foreach (PeerStatus row in rows)
            {
                WriteObject(row);
                if (row.Error != null) WriteError(NodeError(row));
            }
        }

        internal static ErrorRecord NodeError(PeerStatus row) => row.ConnectionFailed
            ? ErrorRecords.From(new System.IO.IOException(row.Error), "NodeUnreachable", ErrorCategory.ConnectionError, row.NodeId)
            : ErrorRecords.From(new InvalidOperationException(row.Error), "NodeProbeFailed", ErrorCategory.InvalidResult, row.NodeId);
    }
}
