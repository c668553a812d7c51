using System;
using System.Diagnostics;

namespace KevyElect.History
{
    /// <summary>Who recorded an entry, from which machine and process.</summary>
    /// <param name="UserName">The account that ran the command.</param>
    /// <param name="HostName">The machine it ran on.</param>
    /// <param name="ProcessId">The id of the process that ran it.</param>
    public sealed record HistoryOrigin(string UserName, string HostName, int ProcessId)
    {
        /// <summary>This process: the current user, machine name and process id.</summary>
        public static HistoryOrigin Current { get; } = Read();

        private static HistoryOrigin Read()
        {
            using Process self = Process.GetCurrentProcess();
            return new HistoryOrigin(Environment.UserName, Environment.MachineName, self.Id);
        }
    }
}
