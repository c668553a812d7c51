using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace KevyElect.Lab
{
    /// <summary>
    /// One run of a kevy node under its watchdog: a /bin/sh in a session of its own (so a Ctrl+C in the
    /// terminal does not reach the node) that starts kevy, reports its pid and exit status, and reads a pipe
    /// from this process. When this process dies, even by SIGKILL, the pipe ends without a "release": the
    /// watchdog kills kevy and removes the node's directory (see node-watchdog.sh).
    /// </summary>
    internal sealed class NodeWatchdog
    {
        private static readonly TimeSpan PidTimeout = TimeSpan.FromSeconds(10);
        private static readonly Lazy<string> Script = new Lazy<string>(ReadScript);
        private static readonly string? SetSid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

        private readonly Process _watchdog;
        private readonly TaskCompletionSource<int> _pid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<int> _exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _released;

        private NodeWatchdog(Process watchdog)
        {
            _watchdog = watchdog;
            _ = Task.Run(ReadReportsAsync);
        }

        /// <summary>kevy's process id.</summary>
        public int Pid { get; private set; }

        /// <summary>Completes with kevy's exit status (128 + signal when killed; -1 when the watchdog ended without saying).</summary>
        public Task<int> Exited => _exited.Task;

        /// <summary>Starts the watchdog and kevy under it; returns once kevy's pid is known.</summary>
        /// <exception cref="InvalidOperationException">The watchdog did not start kevy; the message says why.</exception>
        public static NodeWatchdog Start(string server, string configPath, string logPath, string nodeDirectory, string labDirectory)
        {
            PosixSignals.EnsureSupported();
            var args = new[] { "-c", Script.Value, "kevy-node-watchdog", server, configPath, logPath, nodeDirectory, labDirectory };
            var info = new ProcessStartInfo(SetSid ?? "/bin/sh", string.Join(" ", (SetSid == null ? args : args.Prepend("/bin/sh")).Select(Quote)))
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                CreateNoWindow = true,
                WorkingDirectory = nodeDirectory,
            };
            // kevy reads KEVY_PORT, KEVY_DIR and the like over its TOML: none of this host's may leak into a node.
            foreach (string name in info.Environment.Keys.Where(k => k.StartsWith("KEVY_", StringComparison.OrdinalIgnoreCase)).ToArray())
                info.Environment.Remove(name);
            var process = Process.Start(info) ?? throw new InvalidOperationException("the node watchdog (/bin/sh) did not start");
            var watchdog = new NodeWatchdog(process);
            if (!watchdog._pid.Task.Wait(PidTimeout))
            {
                watchdog.Release();
                throw new InvalidOperationException($"the node watchdog did not report a kevy process within {PidTimeout.TotalSeconds:0} s");
            }
            if (watchdog._pid.Task.Result <= 0)
            {
                watchdog.Release();
                throw new InvalidOperationException("the node watchdog ended before it started kevy");
            }
            watchdog.Pid = watchdog._pid.Task.Result;
            return watchdog;
        }

        /// <summary>Sends a signal to kevy; false when it has exited already.</summary>
        public bool Signal(int signal) => !Exited.IsCompleted && PosixSignals.Send(Pid, signal);

        /// <summary>Lets go of the node: the watchdog ends without touching it (call once kevy has exited).</summary>
        public void Release()
        {
            if (System.Threading.Interlocked.Exchange(ref _released, 1) != 0) return;
            try
            {
                _watchdog.StandardInput.WriteLine("release");
                _watchdog.StandardInput.Close();
            }
            catch (IOException) { /* the watchdog has ended already */ }
            catch (ObjectDisposedException) { }
            _watchdog.Dispose();
        }

        private async Task ReadReportsAsync()
        {
            try
            {
                string? line;
                while ((line = await _watchdog.StandardOutput.ReadLineAsync().ConfigureAwait(false)) != null)
                {
                    if (line.StartsWith("pid ", StringComparison.Ordinal)) _pid.TrySetResult(Number(line.Substring(4)));
                    else if (line.StartsWith("exited ", StringComparison.Ordinal)) _exited.TrySetResult(Number(line.Substring(7)));
                }
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
            catch (InvalidOperationException) { }
            _pid.TrySetResult(-1);
            _exited.TrySetResult(-1);
        }

        private static int Number(string text) =>
            int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : -1;

        private static string ReadScript()
        {
            using (var stream = typeof(NodeWatchdog).Assembly.GetManifestResourceStream("KevyElect.Lab.node-watchdog.sh")
                ?? throw new InvalidOperationException("the node watchdog script is missing from KevyElect.Lab.dll"))
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                return reader.ReadToEnd();
            }
        }

        private static readonly char[] NeedsQuotes = { ' ', '\t', '\n', '\r', '"', '\\', '\'' };

        /// <summary>Quotes one argument the way .NET splits ProcessStartInfo.Arguments (the MSVC rules), so it arrives unchanged.</summary>
        internal static string Quote(string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(NeedsQuotes) < 0) return arg;
            var quoted = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in arg)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                quoted.Append(c);
                backslashes = 0;
            }
            quoted.Append('\\', backslashes * 2);
            quoted.Append('"');
            return quoted.ToString();
        }
    }
}
