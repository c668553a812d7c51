using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KevyElect.Cluster;
using KevyElect.Lab;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Base of the cmdlets that operate a lab, of either backend: -Lab from the pipeline, or the lab most
    /// recently started in this session. Ctrl+C cancels the Cancellation token (see <see cref="AsyncCmdlet"/>).
    /// </summary>
    public abstract class LabCmdletBase : AsyncCmdlet
    {
        /// <summary>The lab (from Start-KevyElectLab); default: the lab started last in this session.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public ElectLab? Lab { get; set; }

        /// <summary>The lab this invocation operates; a terminating error when there is none.</summary>
        /// <summary>The most recently started lab that is still running, or null.</summary>
        protected static ElectLab? LatestRunning()
        {
            IReadOnlyList<ElectLab> running = ElectLab.Running;
            return running.Count == 0 ? null : running[running.Count - 1];
        }

        protected ElectLab ResolveLab()
        {
            var lab = Lab ?? LatestRunning();
            if (lab == null)
            {
                ThrowTerminatingError(ErrorRecords.From(new InvalidOperationException("no lab is running in this session; start one with Start-KevyElectLab"),
                    "NoLab", ErrorCategory.ObjectNotFound, null));
            }
            if (lab!.IsDisposed)
            {
                ThrowTerminatingError(ErrorRecords.From(new InvalidOperationException(StoppedMessage(lab)),
                    "LabStopped", ErrorCategory.InvalidOperation, lab));
            }
            return lab;
        }

        /// <summary>The node's peer-table entry, or null after a non-terminating error naming the lab's ids.</summary>
        protected PeerSpec? FindNode(ElectLab lab, string nodeId)
        {
            var node = lab.FindNode(nodeId);
            if (node == null)
                WriteError(ErrorRecords.From(new ArgumentException(lab.DescribeUnknownNode(nodeId)), "UnknownLabNode", ErrorCategory.ObjectNotFound, nodeId));
            return node;
        }

        /// <summary>Reports a failed lab action as a non-terminating error; a lab stopped meanwhile is said in words, not as an object name.</summary>
        protected void WriteActionError(Exception ex, string nodeId) =>
            WriteError(ex is ObjectDisposedException && (Lab ?? LatestRunning()) is ElectLab lab
                ? ErrorRecords.From(new InvalidOperationException(StoppedMessage(lab), ex), "LabStopped", ErrorCategory.InvalidOperation, nodeId)
                : ErrorRecords.From(ex, "LabActionFailed", ErrorCategory.InvalidOperation, nodeId));

        private static string StoppedMessage(ElectLab lab) =>
            $"the lab was stopped (Stop-KevyElectLab): {lab.Peers}; start a new one with Start-KevyElectLab";
    }

    /// <summary>Base of the chaos cmdlets that act on named nodes of a lab.</summary>
    public abstract class LabNodeActionCmdlet : LabCmdletBase
    {
        /// <summary>The node ids to act on (n1, n2, ...); also bound from a Get-KevyElectLabNode row.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] NodeId { get; set; } = Array.Empty<string>();

        /// <summary>Write the node's state after the action.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>What the action is called in -WhatIf and -Confirm messages.</summary>
        protected abstract string ActionName { get; }

        /// <summary>Performs the action on one node.</summary>
        protected abstract void Act(ElectLab lab, string nodeId);

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            foreach (string id in NodeId)
            {
                var node = FindNode(lab, id);
                if (node == null) continue;
                if (!ShouldProcess($"lab node {node.Id} ({node})", ActionName)) continue;
                try
                {
                    Act(lab, node.Id);
                }
                catch (InvalidOperationException ex)
                {
                    WriteActionError(ex, node.Id);
                    continue;
                }
                if (PassThru) WriteObject(lab.GetState(node.Id));
            }
        }
    }
}
