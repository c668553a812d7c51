using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace KevyElect.Lab
{
    /// <summary>The POSIX signals the process lab sends to kevy nodes, through libc's <c>kill</c>.</summary>
    internal static class PosixSignals
    {
        public const int Kill = 9;
        public const int Term = 15;

        private static readonly bool IsMac = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        /// <summary>SIGSTOP: 19 on Linux, 17 on macOS.</summary>
        public static int Stop => IsMac ? 17 : 19;

        /// <summary>SIGCONT: 18 on Linux, 19 on macOS.</summary>
        public static int Continue => IsMac ? 19 : 18;

        /// <summary>True where the process lab can run: a POSIX system with /bin/sh.</summary>
        public static bool IsSupported => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Throws <see cref="PlatformNotSupportedException"/> on Windows, naming why.</summary>
        public static void EnsureSupported()
        {
            if (!IsSupported)
                throw new PlatformNotSupportedException("the process lab runs on Linux and macOS only: it signals kevy processes (SIGKILL, SIGTERM, SIGSTOP, SIGCONT) and watches each one with /bin/sh");
        }

        /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when no such process exists any more.</summary>
        /// <exception cref="Win32Exception">The signal could not be sent for another reason (for example no permission).</exception>
        public static bool Send(int pid, int signal)
        {
            EnsureSupported();
            if (kill(pid, signal) == 0) return true;
            int errno = Marshal.GetLastWin32Error();
            const int NoSuchProcess = 3; // ESRCH on Linux and macOS
            if (errno == NoSuchProcess) return false;
            throw new Win32Exception(errno, $"kill({pid}, {signal}) failed with errno {errno}");
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}
