using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using KevyElect.Internal;

namespace KevyElect.History
{
    /// <summary>
    /// The cross-process lock of a journal: a lock file beside it, held open exclusively (a sharing lock on Windows,
    /// flock on Unix, for other processes and other threads alike). The operating system releases it when its holder
    /// ends, so a crashed writer never leaves it stuck; the empty file itself stays.
    /// </summary>
    internal static class JournalLock
    {
        private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(1);

        /// <summary>The lock, or null with <paramref name="failure"/> saying why when it could not be had within <paramref name="timeout"/>.</summary>
        public static FileStream? TryAcquire(string lockPath, TimeSpan timeout, out string? failure)
        {
            FileStream? held = null;
            string? busy = null;
            // Held by another writer (or a passing I/O fault): retry briefly, never past the budget.
            bool acquired = Poll.Until(() =>
            {
                try
                {
                    held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return true;
                }
                catch (IOException e) when (!(e is DirectoryNotFoundException || e is FileNotFoundException || e is PathTooLongException))
                {
                    busy = e.Message;
                    return false;
                }
            }, timeout, RetryInterval);
            failure = acquired ? null : string.Format(CultureInfo.InvariantCulture, "its lock {0} was not free within {1:0} ms ({2})",
                lockPath, timeout.TotalMilliseconds, busy);
            return held;
        }
    }
}
