using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KevyElect.Lab;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Cuts lab nodes off on both planes: -NodeId isolates each node from all others; -Group splits
    /// the lab into groups that only talk within themselves. Clients outside the lab still reach every node.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "KevyElectLabNode", SupportsShouldProcess = true, DefaultParameterSetName = IsolateSet)]
    [OutputType(typeof(LabNodeState))]
    public sealed class DisconnectKevyElectLabNodeCommand : LabCmdletBase
    {
        private const string IsolateSet = "Isolate", SplitSet = "Split";

        /// <summary>Nodes to isolate.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IsolateSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] NodeId { get; set; } = Array.Empty<string>();

        /// <summary>The partition: one string per group, ids separated by commas, e.g. -Group 'n1,n2','n3,n4,n5'. Every node must be in one group.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SplitSet)]
        [ValidateCount(2, LabOptions.MaxNodes)]
        public string[] Group { get; set; } = Array.Empty<string>();

        /// <summary>Write the state of the affected nodes afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            if (ParameterSetName == SplitSet)
            {
                Split(lab);
                return;
            }
            foreach (string id in NodeId)
            {
                var node = FindNode(lab, id);
                if (node == null || !ShouldProcess($"lab node {node.Id} ({node})", "Isolate")) continue;
                lab.Isolate(node.Id);
                if (PassThru) WriteObject(lab.GetState(node.Id));
            }
        }

        private static readonly char[] GroupSeparators = { ',', ' ' };

        private void Split(ElectLab lab)
        {
            var groups = Group.Select(g => (IReadOnlyCollection<string>)g.Split(GroupSeparators, StringSplitOptions.RemoveEmptyEntries)).ToArray();
            string text = string.Join(" | ", groups.Select(g => string.Join(",", g)));
            if (!ShouldProcess($"lab {lab.Peers}", "Split into " + text)) return;
            try
            {
                lab.Split(groups);
            }
            catch (ArgumentException ex)
            {
                WriteError(ErrorRecords.From(ex, "BadLabGroups", ErrorCategory.InvalidArgument, Group));
                return;
            }
            if (PassThru) WriteObject(lab.GetState(), enumerateCollection: true);
        }
    }

    /// <summary>Heals cuts: with -NodeId only those involving the nodes, without it every cut in the lab.</summary>
    [Cmdlet(VerbsCommunications.Connect, "KevyElectLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(LabNodeState))]
    public sealed class ConnectKevyElectLabNodeCommand : LabCmdletBase
    {
        /// <summary>Nodes to reconnect (default: heal the whole lab).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? NodeId { get; set; }

        /// <summary>Write the state of the affected nodes afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            if (NodeId == null)
            {
                if (!ShouldProcess($"lab {lab.Peers}", "Heal every cut")) return;
                lab.Heal();
                if (PassThru) WriteObject(lab.GetState(), enumerateCollection: true);
                return;
            }
            foreach (string id in NodeId)
            {
                var node = FindNode(lab, id);
                if (node == null || !ShouldProcess($"lab node {node.Id} ({node})", "Heal")) continue;
                lab.Heal(node.Id);
                if (PassThru) WriteObject(lab.GetState(node.Id));
            }
        }
    }
}
