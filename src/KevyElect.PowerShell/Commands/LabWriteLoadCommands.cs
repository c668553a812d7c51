using System;
using System.Management.Automation;
using KevyElect.Lab;
using KevyElect.PowerShell.Support;

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

        /// <summary>The bound on each write attempt on one node, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.001, 60.0)]
        public double CallTimeoutSec { get; set; } = 0.25;

        /// <summary>Former name of -CallTimeoutSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(DontShow = true)]
        [ValidateRange(1, 60000)]
        public int AttemptTimeoutMs { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            TimeSpan callTimeout = TimeParameters.FromMs(this, nameof(CallTimeoutSec), CallTimeoutSec, nameof(AttemptTimeoutMs), AttemptTimeoutMs);
            if (!ShouldProcess($"lab {lab.Peers}", $"Start writing {Rate}/s")) return;
            LabWriteLoad load = lab.StartWriteLoad(Rate, callTimeout);
            try
            {
                WriteObject(load);
            }
            catch (PipelineStoppedException) when (Stopping)
            {
                // Ctrl+C while the load was being written out: nobody holds it, so it would write on unseen.
                // (Select-Object -First stops upstream the same way after taking the object, but without Stopping.)
                load.Stop();
                throw;
            }
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
