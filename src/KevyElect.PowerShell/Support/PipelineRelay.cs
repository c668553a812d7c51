using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Runs a core polling loop on a background task and hands what it reports to the pipeline thread as it arrives:
    /// only that thread may write objects, progress and verbose lines, and writing each report at once lets a downstream
    /// command react live.
    /// </summary>
    internal static class PipelineRelay
    {
        /// <summary>
        /// Starts <paramref name="work"/> with a report callback and calls <paramref name="onReport"/> on this thread for each
        /// report, in order, until the work ends or <paramref name="onReport"/> returns false (the work is then cancelled).
        /// Returns the work's task once it has finished (run to completion, faulted or cancelled): its sockets are closed by then.
        /// </summary>
        public static Task<TResult> Run<TReport, TResult>(Func<Action<TReport>, CancellationToken, Task<TResult>> work,
            Func<TReport, bool> onReport, CancellationToken ct)
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
            using (var queue = new BlockingCollection<TReport>())
            {
                Task<TResult> task = Task.Run(() => work(queue.Add, stop.Token));
                Task finished = task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
                try
                {
                    // Not ct: cancelling it stops the work, whose end completes the queue, so every report
                    // written before the stop is still relayed.
                    foreach (TReport report in queue.GetConsumingEnumerable(CancellationToken.None))
                        if (!onReport(report)) break;
                }
                finally
                {
                    stop.Cancel();
                    // Every probe honours the token, so this returns promptly.
                    finished.Wait(CancellationToken.None);
                }
                return task;
            }
        }
    }
}
