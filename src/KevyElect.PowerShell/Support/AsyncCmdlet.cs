using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Base of the cmdlets that wait for the core's asynchronous work. Ctrl+C (StopProcessing) cancels
    /// <see cref="Cancellation"/>. <see cref="Await{T}(Task{T}, TimeSpan?, Action?)"/> waits on the pipeline thread and runs there
    /// what the work hands it with <see cref="Post"/>, so the work's progress, verbose lines and objects are written as
    /// they happen, from the only thread that may write them.
    /// </summary>
    public abstract class AsyncCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly BlockingCollection<Action> _posted = new BlockingCollection<Action>();

        /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
        protected CancellationToken Cancellation => _stop.Token;

        /// <summary>Runs <paramref name="action"/> on the pipeline thread during the current (or next) <c>Await</c>; callable from any thread.</summary>
        protected void Post(Action action) => _posted.Add(action);

        /// <summary>
        /// Waits for <paramref name="task"/> on the pipeline thread, running what is posted meanwhile, and
        /// <paramref name="onTick"/> every <paramref name="tick"/> while nothing is. Ctrl+C surfaces as
        /// PipelineStoppedException, so PowerShell ends the command cleanly.
        /// </summary>
        protected internal T Await<T>(Task<T> task, TimeSpan? tick = null, Action? onTick = null)
        {
            Pump(task, tick, onTick);
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Waits for <paramref name="task"/>; see <see cref="Await{T}(Task{T}, TimeSpan?, Action?)"/>.</summary>
        protected internal void Await(Task task) =>
            Await(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

        /// <summary>
        /// Starts <paramref name="work"/> with a report callback and runs <paramref name="onReport"/> on the pipeline thread for
        /// each report, in order, until the work ends or <paramref name="onReport"/> returns false (the work is then cancelled).
        /// Returns the work's task once it has finished (run to completion, faulted or cancelled): its sockets are closed by then.
        /// </summary>
        protected Task<TResult> Relay<TReport, TResult>(Func<Action<TReport>, CancellationToken, Task<TResult>> work,
            Func<TReport, bool> onReport, CancellationToken ct)
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                bool open = true;
                void Report(TReport report) => Post(() =>
                {
                    if (open && !onReport(report))
                    {
                        open = false;
                        stop.Cancel();
                    }
                });
                Task<TResult> task = Task.Run(() => work(Report, stop.Token));
                try
                {
                    Pump(task, null, null);
                }
                finally
                {
                    open = false;
                    stop.Cancel();
                    // Every probe honours the token, so this returns promptly.
                    Task.WhenAny(task).Wait(CancellationToken.None);
                }
                return task;
            }
        }

        /// <summary>Runs posted actions until <paramref name="task"/> has finished and nothing posted is left.</summary>
        private void Pump(Task task, TimeSpan? tick, Action? onTick)
        {
            // Wakes the loop when the task ends, so it never waits a whole tick for nothing.
            task.ContinueWith(_ => _posted.Add(() => { }), TaskScheduler.Default);
            int timeout = tick is TimeSpan t ? (int)Math.Max(1, t.TotalMilliseconds) : Timeout.Infinite;
            while (!task.IsCompleted || _posted.Count > 0)
            {
                if (_posted.TryTake(out Action? action, timeout)) action();
                else onTick?.Invoke();
            }
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>Releases the cancellation source and the queue.</summary>
        public void Dispose()
        {
            _stop.Dispose();
            _posted.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
