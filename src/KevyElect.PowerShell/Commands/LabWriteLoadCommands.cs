using System;
using System.Management.Automation;
using KevyElect.Lab;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Starts a steady SET load on a lab through its client ports; the returned object records
    /// every acknowledged write (key, value, time, node) and the outages between them.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "KevyElectLabWriteLoad", SupportsShouldProcess = true)]
    [OutputType(typeof(LabWriteLoad))]
    public sealed class StartKevyElectLabWriteLoadCommand : LabCmdletBase
    {
        /// <summary>Writes per second (default 20).</summary>
        [Parameter(Position = 0)]
        [ValidateRange(1, 1000)]
        public int Rate { get; set; } = 20;

        /// <summary>Timeout of each attempt on one node, in milliseconds (default 250).</summary>
        [Parameter]
        [ValidateRange(1, 60000)]
        public int AttemptTimeoutMs { get; set; } = 250;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            if (!ShouldProcess($"lab {lab.Peers}", $"Start writing {Rate}/s")) return;
            WriteObject(lab.StartWriteLoad(Rate, TimeSpan.FromMilliseconds(AttemptTimeoutMs)));
        }
    }

    /// <summary>Stops a write load; its records stay readable.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "KevyElectLabWriteLoad", SupportsShouldProcess = true)]
    [OutputType(typeof(LabWriteLoad))]
    public sealed class StopKevyElectLabWriteLoadCommand : PSCmdlet
    {
        /// <summary>The load, from Start-KevyElectLabWriteLoad.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public LabWriteLoad? WriteLoad { get; set; }

        /// <summary>Write the stopped load.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ShouldProcess(WriteLoad!.ToString(), "Stop the write load")) return;
            WriteLoad.Stop();
            if (PassThru) WriteObject(WriteLoad);
        }
    }
}
