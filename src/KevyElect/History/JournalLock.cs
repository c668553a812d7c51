using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace KevyElect.History
{
    /// <summary>
    /// The cross-process lock of a journal: a lock file beside it, held open exclusively (a sharing lock on Windows,
    /// flock on Unix, for other processes and other threads alike). The operating system releases it when its holder
    /// ends, so a crashed writer never leaves it stuck; the empty file itself stays.
    /// </summary>
    internal static class JournalLock
    {
        /// <summary>The lock, or null with <paramref name="failure"/> saying why when it could not be had within <paramref name="timeout"/>.</summary>
        public static FileStream? TryAcquire(string lockPath, TimeSpan timeout, out string? failure)
        {
            Stopwatch clock = Stopwatch.StartNew();
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    failure = null;
                    return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (IOException e) when (!(e is DirectoryNotFoundException || e is FileNotFoundException || e is PathTooLongException))
                {
                    // Held by another writer (or a passing I/O fault): retry briefly, never past the budget.
                    if (clock.Elapsed >= timeout)
                    {
                        failure = string.Format(CultureInfo.InvariantCulture, "its lock {0} was not free within {1:0} ms ({2})",
                            lockPath, timeout.TotalMilliseconds, e.Message);
                        return null;
                    }
                    Thread.Sleep(attempt < 4 ? 0 : 1);
                }
            }
        }
    }
}
