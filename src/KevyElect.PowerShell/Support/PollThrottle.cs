using System;
using System.Diagnostics;
using System.Threading;

namespace KevyElect.PowerShell.Support
{
    /// <summary>Passes on at most one call per interval and drops the rest; safe to call from many threads.</summary>
    internal static class PollThrottle
    {
        /// <summary>An action that calls <paramref name="next"/> when at least <paramref name="interval"/> has passed since the last call it let through.</summary>
        public static Action<T> Every<T>(TimeSpan interval, Action<T> next)
        {
            Stopwatch clock = Stopwatch.StartNew();
            long last = long.MinValue / 2;
            long gap = (long)(interval.TotalSeconds * Stopwatch.Frequency);
            return item =>
            {
                long now = clock.ElapsedTicks;
                long seen = Interlocked.Read(ref last);
                if (now - seen < gap || Interlocked.CompareExchange(ref last, now, seen) != seen) return;
                next(item);
            };
        }
    }
}
