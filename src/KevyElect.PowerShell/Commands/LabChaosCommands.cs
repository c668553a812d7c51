using System.Management.Automation;
using KevyElect.Lab;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Crashes lab nodes: sockets close, in-memory state is lost, the data directory stays (SIGKILL on the
    /// process backend). With -Graceful, stops them as a service stop would (SIGTERM, waiting for the exit).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "KevyElectLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(LabNodeState))]
    public sealed class StopKevyElectLabNodeCommand : LabNodeActionCmdlet
    {
        /// <summary>Stop gracefully (SIGTERM) instead of crashing; the embedded lab has nothing to flush, so there it is the same.</summary>
        [Parameter]
        public SwitchParameter Graceful { get; set; }

        /// <inheritdoc />
        protected override string ActionName => Graceful ? "Stop gracefully" : "Crash";

        /// <inheritdoc />
        protected override void Act(ElectLab lab, string nodeId)
        {
            if (Graceful) lab.Stop(nodeId);
            else lab.Crash(nodeId);
        }
    }

    /// <summary>Restarts crashed or stopped lab nodes on the same ports and data directory; each resumes from its elect.meta.</summary>
    [Cmdlet(VerbsLifecycle.Start, "KevyElectLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(LabNodeState))]
    public sealed class StartKevyElectLabNodeCommand : LabNodeActionCmdlet
    {
        /// <inheritdoc />
        protected override string ActionName => "Restart";

        /// <inheritdoc />
        protected override void Act(ElectLab lab, string nodeId) => lab.Restart(nodeId);
    }

    /// <summary>Pauses lab nodes as SIGSTOP does (and sends it, on the process backend): alive and connected, but silent.</summary>
    [Cmdlet(VerbsLifecycle.Suspend, "KevyElectLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(LabNodeState))]
    public sealed class SuspendKevyElectLabNodeCommand : LabNodeActionCmdlet
    {
        /// <inheritdoc />
        protected override string ActionName => "Pause";

        /// <inheritdoc />
        protected override void Act(ElectLab lab, string nodeId) => lab.Pause(nodeId);
    }

    /// <summary>Resumes paused lab nodes (SIGCONT).</summary>
    [Cmdlet(VerbsLifecycle.Resume, "KevyElectLabNode", SupportsShouldProcess = true)]
    [OutputType(typeof(LabNodeState))]
    public sealed class ResumeKevyElectLabNodeCommand : LabNodeActionCmdlet
    {
        /// <inheritdoc />
        protected override string ActionName => "Resume";

        /// <inheritdoc />
        protected override void Act(ElectLab lab, string nodeId) => lab.Resume(nodeId);
    }
}
