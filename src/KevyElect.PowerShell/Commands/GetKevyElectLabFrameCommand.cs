using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KevyElect.Lab;
using KevyElect.PowerShell.Support;
using KevyElect.Protocol;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>Which frames Get-KevyElectLabFrame shows.</summary>
    public enum LabFrameFilter
    {
        /// <summary>Frames the node read (and connections it dropped).</summary>
        Received,

        /// <summary>Frames the node queued for its peers.</summary>
        Sent,

        /// <summary>Both, in time order.</summary>
        Both,
    }

    /// <summary>Shows the elect frames lab nodes received (or sent): time, peer, verb, message.</summary>
    [Cmdlet(VerbsCommon.Get, "KevyElectLabFrame")]
    [OutputType(typeof(LabFrameRecord))]
    public sealed class GetKevyElectLabFrameCommand : LabCmdletBase
    {
        /// <summary>The nodes whose frames to show (default: all).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? NodeId { get; set; }

        /// <summary>Received (default), Sent or Both.</summary>
        [Parameter]
        public LabFrameFilter Direction { get; set; } = LabFrameFilter.Received;

        /// <summary>Only these verbs.</summary>
        [Parameter]
        public ElectVerb[]? Verb { get; set; }

        /// <summary>Only frames claiming this sender id.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SenderId { get; set; }

        /// <summary>Only the newest N frames per node (default 50; 0 = all kept).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Last { get; set; } = 50;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var resolved = ResolveLab();
            if (!(resolved is LabCluster lab))
            {
                ThrowTerminatingError(ErrorRecords.From(new NotSupportedException(
                        $"a {resolved.Backend.ToString().ToLowerInvariant()} lab has no frame log: a real kevy node does not record the elect frames it sends and receives. Frames are logged by the embedded lab (Start-KevyElectLab without -Server)."),
                    "NoFrameLog", ErrorCategory.InvalidOperation, resolved));
                return;
            }
            var nodes = new List<LabNode>();
            if (NodeId == null) nodes.AddRange(lab.GetNodes());
            else
            {
                foreach (string id in NodeId)
                {
                    if (FindNode(lab, id) != null) nodes.Add(lab.Node(id));
                }
            }
            foreach (var node in nodes)
            {
                IEnumerable<LabFrameRecord> frames = Direction switch
                {
                    LabFrameFilter.Received => node.FramesReceived.Snapshot(),
                    LabFrameFilter.Sent => node.FramesSent.Snapshot(),
                    _ => node.FramesReceived.Snapshot().Concat(node.FramesSent.Snapshot()).OrderBy(f => f.At),
                };
                if (Verb != null) frames = frames.Where(f => f.GetVerb() is ElectVerb v && Verb.Contains(v));
                if (SenderId != null) frames = frames.Where(f => string.Equals(f.SenderId, SenderId, StringComparison.Ordinal));
                var list = frames.ToList();
                if (Last > 0 && list.Count > Last) list = list.GetRange(list.Count - Last, Last);
                foreach (var f in list) WriteObject(f);
            }
        }
    }
}
