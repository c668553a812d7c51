using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.Internal
{
    /// <summary>Polls a condition until it holds or a monotonic deadline passes.</summary>
    internal static class Poll
    {
        /// <summary>
        /// Calls <paramref name="condition"/> until it returns true (true) or <paramref name="timeout"/> has passed on a
        /// monotonic clock (false), pausing <paramref name="interval"/> between calls. Cancellation throws.
        /// </summary>
        public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (await condition().ConfigureAwait(false)) return true;
                if (clock.Elapsed >= timeout) return false;
                TimeSpan left = timeout - clock.Elapsed;
                if (left > TimeSpan.Zero) await Task.Delay(left < interval ? left : interval, ct).ConfigureAwait(false);
            }
        }
    }
}
