using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Lab;

namespace KevyElect.PowerShell.Support
{
    /// <summary>Waits for a lab's writable primary on the pipeline thread, showing progress while it waits.</summary>
    /// <remarks>With <c>steady</c>, also until every running node follows it on both planes (see <see cref="ElectLab.WaitForSteadyPrimaryAsync"/>).</remarks>
    internal static class LabPrimaryWait
    {
        private static readonly TimeSpan ProgressStep = TimeSpan.FromMilliseconds(250);

        /// <summary>The primary's state; TimeoutException when none appears in time, PipelineStoppedException on Ctrl+C.</summary>
        public static LabNodeState Run(AsyncCmdlet cmdlet, ElectLab lab, TimeSpan timeout, CancellationToken ct, bool steady = false)
        {
            string activity = steady ? "Waiting for a writable primary that every node follows" : "Waiting for a writable primary";
            Stopwatch clock = Stopwatch.StartNew();
            Task<LabNodeState> wait = steady ? lab.WaitForSteadyPrimaryAsync(timeout, ct) : lab.WaitForWritablePrimaryAsync(timeout, ct);
            try
            {
                // Election takes one down_after grace at cold start: seconds at the reference timings.
                return cmdlet.Await(wait, ProgressStep, () =>
                {
                    double elapsed = clock.Elapsed.TotalMilliseconds;
                    string nodes = string.Join(", ", lab.GetState().Select(s => $"{s.NodeId} {(s.Role ?? "?").ToLowerInvariant()} (epoch {s.Epoch})"));
                    // A fresh record each time: hosts and collectors keep the records they are given.
                    cmdlet.WriteProgress(new ProgressRecord(1, activity, $"{elapsed / 1000:0.0} s; {nodes}")
                    {
                        PercentComplete = (int)Math.Min(99, 100 * elapsed / timeout.TotalMilliseconds),
                    });
                });
            }
            finally
            {
                cmdlet.WriteProgress(new ProgressRecord(1, activity, "done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
