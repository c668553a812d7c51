using System.Management.Automation;
using KevyElect.Lab;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>Crashes lab nodes: sockets close, in-memory state is lost, elect.meta stays.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "KevyElectLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(LabNodeState))]
    public sealed class StopKevyElectLabNodeCommand : LabNodeActionCmdlet
    {
        /// <inheritdoc />
        protected override string ActionName => "Crash";

        /// <inheritdoc />
        protected override void Act(LabCluster lab, string nodeId) => lab.Crash(nodeId);
    }

    /// <summary>Restarts crashed lab nodes on the same ports; each resumes from its elect.meta.</summary>
    [Cmdlet(VerbsLifecycle.Start, "KevyElectLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(LabNodeState))]
    public sealed class StartKevyElectLabNodeCommand : LabNodeActionCmdlet
    {
        /// <inheritdoc />
        protected override string ActionName => "Restart";

        /// <inheritdoc />
        protected override void Act(LabCluster lab, string nodeId) => lab.Restart(nodeId);
    }

    /// <summary>Pauses lab nodes as SIGSTOP would: alive and connected, but silent.</summary>
    [Cmdlet(VerbsLifecycle.Suspend, "KevyElectLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(LabNodeState))]
    public sealed class SuspendKevyElectLabNodeCommand : LabNodeActionCmdlet
    {
        /// <inheritdoc />
        protected override string ActionName => "Pause";

        /// <inheritdoc />
        protected override void Act(LabCluster lab, string nodeId) => lab.Pause(nodeId);
    }

    /// <summary>Resumes paused lab nodes (SIGCONT).</summary>
    [Cmdlet(VerbsLifecycle.Resume, "KevyElectLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(LabNodeState))]
    public sealed class ResumeKevyElectLabNodeCommand : LabNodeActionCmdlet
    {
        /// <inheritdoc />
        protected override string ActionName => "Resume";

        /// <inheritdoc />
        protected override void Act(LabCluster lab, string nodeId) => lab.Resume(nodeId);
    }
}
