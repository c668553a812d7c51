using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace KevyElect.Lab
{
    /// <summary>
    /// The safety net behind the node watchdogs: a process lab's folder carries its host's pid in its name
    /// (<c>kevyelect-kevy-&lt;pid&gt;-&lt;id&gt;</c>), and a new process lab first removes the folders of hosts
    /// that are gone, with any kevy process still running from one of them.
    /// </summary>
    internal static class StaleLabFolders
    {
        public static int CurrentProcessId { get; } = Process.GetCurrentProcess().Id;

        /// <summary>Removes the folders (and kevy processes) of process labs whose host process has exited.</summary>
        public static void Sweep()
        {
            string[] folders;
            try
            {
                folders = Directory.GetDirectories(Path.GetTempPath(), ProcessLab.FolderPrefix + "*");
            }
            catch (IOException)
            {
                return;
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
            foreach (string folder in folders)
            {
                int? owner = OwnerOf(folder);
                if (owner == null || owner == CurrentProcessId || IsAlive(owner.Value)) continue;
                KillProcessesUsing(folder);
                Delete(folder);
            }
        }

        /// <summary>Deletes a lab folder.</summary>
        public static void Delete(string folder) => LabDirectory.Delete(folder);

        private static int? OwnerOf(string folder)
        {
            string name = Path.GetFileName(folder).Substring(ProcessLab.FolderPrefix.Length);
            int dash = name.IndexOf('-');
            return dash > 0 && int.TryParse(name.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : (int?)null;
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                using (var p = Process.GetProcessById(pid)) return !p.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>On Linux, SIGKILLs every process whose command line names a file in <paramref name="folder"/> (its kevy nodes).</summary>
        private static void KillProcessesUsing(string folder)
        {
            if (!Directory.Exists("/proc/self")) return;
            string marker = folder.TrimEnd('/') + "/";
            foreach (string dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
                string commandLine;
                try
                {
                    commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ');
                }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                if (commandLine.IndexOf(marker, StringComparison.Ordinal) >= 0 && pid != CurrentProcessId) PosixSignals.Send(pid, PosixSignals.Kill);
            }
        }
    }
}
