using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace KevyElect.Lab
{
    /// <summary>A kevy server binary that answered <c>-V</c> with <c>kevy 5.x</c>: the one a process lab runs.</summary>
    public sealed class KevyServer
    {
        /// <summary>The major version the process lab speaks to.</summary>
        public const int SupportedMajorVersion = 5;

        private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(10);
        private static readonly Regex VersionLine = new Regex(@"^kevy (\d+)\.(\d+)(\.\d+)?\b", RegexOptions.CultureInvariant);

        private KevyServer(string path, string version)
        {
            Path = path;
            Version = version;
        }

        /// <summary>The binary's full path.</summary>
        public string Path { get; }

        /// <summary>What <c>-V</c> printed after <c>kevy </c>, e.g. <c>5.4.0</c>.</summary>
        public string Version { get; }

        /// <summary>
        /// Finds and checks a server: a path to the binary, or a bare name (such as <c>kevy</c>) looked up on PATH.
        /// It must exist, be executable and print <c>kevy 5.x</c> for <c>-V</c>.
        /// </summary>
        /// <exception cref="ArgumentException">Not found, not executable, or not kevy 5.x; the message says which and names the path.</exception>
        public static KevyServer Resolve(string server) => Resolve(server, Environment.GetEnvironmentVariable("PATH") ?? string.Empty);

        /// <summary><see cref="Resolve(string)"/> with the directories of <paramref name="pathVariable"/> for a bare name.</summary>
        internal static KevyServer Resolve(string server, string pathVariable)
        {
            if (string.IsNullOrWhiteSpace(server)) throw new ArgumentException("the kevy server path is empty", nameof(server));
            string path = Locate(server, pathVariable);
            string printed = RunVersion(path);
            string first = printed.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
            Match m = VersionLine.Match(first);
            if (!m.Success || int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) != SupportedMajorVersion)
                throw new ArgumentException($"'{path}' is not kevy {SupportedMajorVersion}.x: '-V' printed '{Shorten(first)}'", nameof(server));
            return new KevyServer(path, first.Substring("kevy ".Length));
        }

        /// <inheritdoc />
        public override string ToString() => $"kevy {Version} ({Path})";

        private static string Locate(string server, string pathVariable)
        {
            bool bareName = server.IndexOf('/') < 0 && server.IndexOf(System.IO.Path.DirectorySeparatorChar) < 0;
            if (!bareName)
            {
                string full = System.IO.Path.GetFullPath(server);
                if (Directory.Exists(full)) throw new ArgumentException($"the kevy server '{full}' is a directory, not a binary", nameof(server));
                if (!File.Exists(full)) throw new ArgumentException($"the kevy server '{full}' does not exist", nameof(server));
                return full;
            }
            foreach (string dir in pathVariable.Split(System.IO.Path.PathSeparator).Where(d => d.Length > 0))
            {
                string candidate = System.IO.Path.Combine(dir, server);
                if (File.Exists(candidate)) return System.IO.Path.GetFullPath(candidate);
            }
            throw new ArgumentException($"no '{server}' on PATH; name the kevy server binary by its path", nameof(server));
        }

        private static string RunVersion(string path)
        {
            var info = new ProcessStartInfo(path, "-V")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };
            Process process;
            try
            {
                process = Process.Start(info) ?? throw new ArgumentException($"'{path}' did not start", nameof(path));
            }
            catch (Win32Exception e)
            {
                throw new ArgumentException($"the kevy server '{path}' cannot be run (is it executable?): {e.Message}", nameof(path), e);
            }
            using (process)
            {
                process.StandardInput.Close();
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)VersionTimeout.TotalMilliseconds))
                {
                    try { process.Kill(); }
                    catch (InvalidOperationException) { /* it exited meanwhile */ }
                    throw new ArgumentException($"'{path}' is not kevy {SupportedMajorVersion}.x: '-V' did not finish within {VersionTimeout.TotalSeconds:0} s", nameof(path));
                }
                return stdout.Result.Trim().Length > 0 ? stdout.Result : stderr.Result;
            }
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 80) + "...";
    }
}
