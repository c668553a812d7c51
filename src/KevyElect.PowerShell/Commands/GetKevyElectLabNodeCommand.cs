using System.Management.Automation;
using KevyElect.Lab;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Shows lab nodes as the lab sees them: role, epoch, vote, known primary, offsets, and on the embedded
    /// lab peer views and traffic. A process lab reads them from the real node (ROLE, INFO, elect.meta).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "KevyElectLabNode")]
    [OutputType(typeof(LabNodeState))]
    public sealed class GetKevyElectLabNodeCommand : LabCmdletBase
    {
        /// <summary>Only these nodes (default: all); also bound by property name from piped rows.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? NodeId { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            if (NodeId == null)
            {
                foreach (var state in lab.GetState()) WriteObject(state);
                return;
            }
            foreach (string id in NodeId)
            {
                var node = FindNode(lab, id);
                if (node != null) WriteObject(lab.GetState(node.Id));
            }
        }
    }
}
