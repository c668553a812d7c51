using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.Lab
{
    /// <summary>Open while a node runs, closed while it is paused; loops await it before each step.</summary>
    internal sealed class LabPauseGate
    {
        private readonly object _sync = new object();
        private TaskCompletionSource<bool> _open = NewOpen();

        public bool IsOpen
        {
            get { lock (_sync) return _open.Task.IsCompleted; }
        }

        public void Close()
        {
            lock (_sync)
            {
                if (_open.Task.IsCompleted) _open = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void Open()
        {
            lock (_sync) _open.TrySetResult(true);
        }

        /// <summary>Completes when the gate is open; throws when <paramref name="ct"/> is cancelled first.</summary>
        public async Task WaitAsync(CancellationToken ct)
        {
            Task open;
            lock (_sync) open = _open.Task;
            if (open.IsCompleted) return;
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (ct.Register(() => cancelled.TrySetResult(true)))
            {
                await Task.WhenAny(open, cancelled.Task).ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();
        }

        private static TaskCompletionSource<bool> NewOpen()
        {
            var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            tcs.SetResult(true);
            return tcs;
        }
    }
}
