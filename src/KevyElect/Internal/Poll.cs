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
                TimeSpan? pause = Pause(clock.GetElapsedTime(started), callStarted, timeout, interval);
                if (pause == null) return false;
                if (pause.Value > TimeSpan.Zero) await clock.Delay(pause.Value, ct).ConfigureAwait(false);
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
                TimeSpan? pause = Pause(clock.GetElapsedTime(started), callStarted, timeout, interval);
                if (pause == null) return false;
                if (pause.Value > TimeSpan.Zero) Thread.Sleep(pause.Value);
            }
        }

        /// <summary>
        /// How long to wait before the next call, in whole milliseconds rounded up (timers and sleeps drop fractions, and a
        /// zero wait would spin through the deadline's last millisecond); null when the deadline has passed.
        /// </summary>
        private static TimeSpan? Pause(TimeSpan now, TimeSpan callStarted, TimeSpan timeout, TimeSpan interval)
        {
            if (now >= timeout) return null;
            TimeSpan untilNext = callStarted + interval - now;
            TimeSpan untilDeadline = timeout - now;
            TimeSpan pause = untilNext < untilDeadline ? untilNext : untilDeadline;
            return pause <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(pause.TotalMilliseconds));
        }
    }
}
