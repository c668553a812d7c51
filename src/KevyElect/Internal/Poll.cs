using System;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.Internal
{
    /// <summary>
    /// The one poll-until-deadline loop of the code base: calls a condition until it holds or a deadline on a monotonic
    /// clock passes. Calls start <c>interval</c> apart (a slow call eats into the pause, never past the deadline).
    /// </summary>
    internal static class Poll
    {
        /// <summary>
        /// Calls <paramref name="condition"/> with the time elapsed since the first call until it returns true (true) or
        /// <paramref name="timeout"/> has passed on <paramref name="clock"/> (false). Cancellation throws.
        /// </summary>
        public static async Task<bool> UntilAsync(Func<TimeSpan, Task<bool>> condition, TimeSpan timeout, TimeSpan interval,
            CancellationToken ct, TimeProvider? clock = null)
        {
            if (condition is null) throw new ArgumentNullException(nameof(condition));
            clock ??= TimeProvider.System;
            long started = clock.GetTimestamp();
            while (true)
            {
                TimeSpan callStarted = clock.GetElapsedTime(started);
                if (await condition(callStarted).ConfigureAwait(false)) return true;
                if (clock.GetElapsedTime(started) >= timeout) return false;
                // A timer may fire before the monotonic clock says the pause is over (its ticks are coarser): wait again
                // for what is left, so calls never start closer than the interval.
                TimeSpan wait;
                while ((wait = UntilDue(clock.GetElapsedTime(started), callStarted, timeout, interval)) > TimeSpan.Zero)
                {
                    await clock.Delay(wait, ct).ConfigureAwait(false);
                }
                ct.ThrowIfCancellationRequested();
            }
        }

        /// <inheritdoc cref="UntilAsync(Func{TimeSpan, Task{bool}}, TimeSpan, TimeSpan, CancellationToken, TimeProvider?)"/>
        public static Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval, CancellationToken ct,
            TimeProvider? clock = null)
        {
            if (condition is null) throw new ArgumentNullException(nameof(condition));
            return UntilAsync(_ => condition(), timeout, interval, ct, clock);
        }

        /// <summary>The blocking form, for callers that are not async (a process starting, a lock file): sleeps between calls.</summary>
        public static bool Until(Func<bool> condition, TimeSpan timeout, TimeSpan interval, TimeProvider? clock = null)
        {
            if (condition is null) throw new ArgumentNullException(nameof(condition));
            clock ??= TimeProvider.System;
            long started = clock.GetTimestamp();
            while (true)
            {
                TimeSpan callStarted = clock.GetElapsedTime(started);
                if (condition()) return true;
                if (clock.GetElapsedTime(started) >= timeout) return false;
                TimeSpan wait;
                while ((wait = UntilDue(clock.GetElapsedTime(started), callStarted, timeout, interval)) > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }
            }
        }

        /// <summary>
        /// How long until the next call is due (an interval after the last one started, or the deadline if that comes
        /// first), in whole milliseconds rounded up: timers and sleeps drop fractions, and a zero wait would spin through
        /// the last millisecond. Zero or less means the call is due now.
        /// </summary>
        private static TimeSpan UntilDue(TimeSpan now, TimeSpan callStarted, TimeSpan timeout, TimeSpan interval)
        {
            TimeSpan next = callStarted + interval < timeout ? callStarted + interval : timeout;
            TimeSpan wait = next - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));
        }
    }
}
