using System;
using System.Management.Automation;
using KevyElect.Lab;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>Waits until a lab has exactly one writable primary and returns its state.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "KevyElectLabPrimary")]
    [OutputType(typeof(LabNodeState))]
    public sealed class WaitKevyElectLabPrimaryCommand : LabCmdletBase
    {
        /// <summary>How long to wait, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.001, 3600.0)]
        public double TimeoutSec { get; set; } = 30;

        /// <summary>Former name of -TimeoutSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(DontShow = true)]
        [ValidateRange(1, 3600000)]
        public int TimeoutMs { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            try
            {
                WriteObject(LabPrimaryWait.Run(this, lab, TimeParameters.FromMs(this, nameof(TimeoutSec), TimeoutSec, nameof(TimeoutMs), TimeoutMs), Cancellation));
            }
            catch (TimeoutException ex)
            {
                WriteError(ErrorRecords.From(ex, "NoPrimary", ErrorCategory.OperationTimeout, lab));
            }
        }
    }
}
