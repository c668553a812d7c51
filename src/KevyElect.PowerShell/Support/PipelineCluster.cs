using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KevyElect.Cluster;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Gathers what the pipeline names for a cmdlet that changes a cluster: the one cluster every record
    /// belongs to and the node ids the records bind (a Get-KevyElectPeer row binds its NodeId). The cmdlet
    /// acts once, at the end, on what was gathered, never once per piped row.
    /// </summary>
    internal sealed class PipelineCluster
    {
        private readonly List<string> _nodeIds = new List<string>();
        private readonly List<string> _clusters = new List<string>();
        private PeerTable? _table;

        /// <summary>The cluster named by the first record, or null before any.</summary>
        public PeerTable? Table => _table;

        /// <summary>Every distinct node id bound from the records, in pipeline order.</summary>
        public IReadOnlyList<string> NodeIds => _nodeIds;

        /// <summary>Records one pipeline record: its cluster and the node ids it binds (none for a lab or a summary).</summary>
        public void Add(PeerTable table, IEnumerable<string>? nodeIds)
        {
            // A named cluster is told by its name; an unnamed one by its table.
            string text = table.Name ?? table.ToString();
            if (_table == null) _table = table;
            if (!_clusters.Contains(text, StringComparer.OrdinalIgnoreCase)) _clusters.Add(text);
            AddNodeIds(nodeIds);
        }

        /// <summary>Records the node ids a record binds, for a cmdlet whose clusters were named by -Cluster instead.</summary>
        public void AddNodeIds(IEnumerable<string>? nodeIds)
        {
            if (nodeIds == null) return;
            foreach (string id in nodeIds)
            {
                if (!string.IsNullOrEmpty(id) && !_nodeIds.Contains(id, StringComparer.Ordinal)) _nodeIds.Add(id);
            }
        }

        /// <summary>
        /// The one cluster the records named. Rows from two clusters, or no cluster at all, end the command with a
        /// terminating error before anything is sent.
        /// </summary>
        public PeerTable Single(PSCmdlet cmdlet)
        {
            if (_clusters.Count > 1)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("SeveralClusters",
                    $"The pipeline named {_clusters.Count} different clusters ({string.Join(" | ", _clusters)}); "
                    + $"{cmdlet.MyInvocation.MyCommand.Name} acts on one cluster per call: nothing was sent. Filter the rows to one cluster.",
                    _clusters));
            }
            if (_table == null)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("NoCluster",
                    "Name the cluster with -Peers (or pipe an object with a Peers property) or -ConfigPath.", null));
            }
            return _table!;
        }
    }
}
