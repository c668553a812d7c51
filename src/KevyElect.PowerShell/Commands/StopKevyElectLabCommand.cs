using System.Linq;
using System.Management.Automation;
using KevyElect.Lab;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>Stops a lab: every node (process), listener and write load; its temp data is deleted.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "KevyElectLab", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class StopKevyElectLabCommand : LabCmdletBase
    {
        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var lab = Lab ?? LatestRunning();
            if (lab == null || lab.IsDisposed) return; // nothing to stop
            if (!ShouldProcess($"lab {lab.Peers}", "Stop")) return;
            lab.Dispose();
            if (ReferenceEquals(SessionClusters.Latest, lab.Peers))
                SessionClusters.Latest = LatestRunning()?.Peers;
        }
    }

    /// <summary>Lists the labs running in this session.</summary>
    [Cmdlet(VerbsCommon.Get, "KevyElectLab")]
    [OutputType(typeof(ElectLab))]
    public sealed class GetKevyElectLabCommand : PSCmdlet
    {
        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var lab in ElectLab.Running) WriteObject(lab);
        }
    }
}
