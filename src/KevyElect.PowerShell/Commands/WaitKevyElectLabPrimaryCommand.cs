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
        /// <summary>How long to wait (default 30000).</summary>
        [Parameter]
        [ValidateRange(1, 3600000)]
        public int TimeoutMs { get; set; } = 30000;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            try
            {
                WriteObject(LabPrimaryWait.Run(this, lab, TimeSpan.FromMilliseconds(TimeoutMs), Cancellation));
            }
            catch (TimeoutException ex)
            {
                WriteError(ErrorRecords.From(ex, "NoPrimary", ErrorCategory.OperationTimeout, lab));
            }
        }
    }
}
