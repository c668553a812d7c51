using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Net;
using KevyElect.Internal;

namespace KevyElect.Lab
{
    /// <summary>
    /// One node of a process lab: a kevy process with its own kevy.toml, data directory and log in the lab's
    /// folder, run under a <see cref="NodeWatchdog"/>. Starts wait until it answers on its client port and its
    /// election transport is up; an exit nobody asked for is recorded with the end of its log.
    /// </summary>
    internal sealed class ProcessLabNode
    {
        private const string ElectUp = "kevy-elect transport up on ";
        private const string ElectBindFailed = "kevy-elect transport failed to bind";
        private const string PortTaken = "Address already in use";
        private const int TailLines = 12;
        private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(50);
        private static readonly TimeSpan StatPoll = TimeSpan.FromMilliseconds(5);

        private readonly object _sync = new object();
        private NodeWatchdog? _run;
        private bool _paused;
        private bool _exitExpected;
        private string? _problem;

        public ProcessLabNode(string id, string labDirectory)
        {
            Id = id;
            Directory = Path.Combine(labDirectory, id);
            DataDirectory = Path.Combine(Directory, "data");
            ConfigPath = Path.Combine(Directory, "kevy.toml");
            LogPath = Path.Combine(Directory, "kevy.log");
        }

        public string Id { get; }

        /// <summary>The node's folder: kevy.toml, kevy.log and data/.</summary>
        public string Directory { get; }

        /// <summary>AOF, snapshot and elect.meta.</summary>
        public string DataDirectory { get; }

        public string ConfigPath { get; }

        public string LogPath { get; }

        /// <summary>The real client port (replication at + 10000 + shard).</summary>
        public int ClientPort { get; set; }

        /// <summary>The real election port.</summary>
        public int ElectPort { get; set; }

        public bool IsRunning
        {
            get { lock (_sync) return _run != null && !_run.Exited.IsCompleted; }
        }

        public bool IsPaused
        {
            get { lock (_sync) return _paused && IsRunning; }
        }

        /// <summary>Why the node went down by itself, or null.</summary>
        public string? Problem
        {
            get { lock (_sync) return _problem; }
        }

        /// <summary>kevy's process id while it runs, else null.</summary>
        public int? Pid
        {
            get { lock (_sync) return _run != null && !_run.Exited.IsCompleted ? _run.Pid : (int?)null; }
        }

        /// <summary>Writes the node's kevy.toml.</summary>
        public void WriteConfig(string toml)
        {
            System.IO.Directory.CreateDirectory(DataDirectory);
            File.WriteAllText(ConfigPath, toml, new UTF8Encoding(false));
        }

        /// <summary>Starts kevy and waits until its client port answers ROLE and its election transport is up.</summary>
        /// <exception cref="NodePortsTakenException">It could not bind one of its ports (the caller may move it to others).</exception>
        /// <exception cref="InvalidOperationException">It exited or did not get ready in time; the message ends with its log.</exception>
        public async Task StartAsync(string server, string labDirectory, TimeSpan timeout, CancellationToken ct)
        {
            lock (_sync)
            {
                if (_run != null && !_run.Exited.IsCompleted) throw new InvalidOperationException($"node '{Id}' is already running");
                _run?.Release();
                _run = null;
                _paused = false;
                _exitExpected = false;
                _problem = null;
            }
            long logStart = File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;
            var run = NodeWatchdog.Start(server, ConfigPath, LogPath, Directory, labDirectory);
            lock (_sync) _run = run;
            bool up;
            try
            {
                up = await Poll.UntilAsync(async () =>
                {
                    string log = ReadLog(logStart);
                    if (run.Exited.IsCompleted)
                    {
                        if (log.Contains(PortTaken)) throw new NodePortsTakenException(Id);
                        throw new InvalidOperationException($"kevy node {Id} exited while starting (status {run.Exited.Result}); {TailOf(log)}");
                    }
                    if (log.Contains(ElectBindFailed))
                    {
                        Kill();
                        throw new NodePortsTakenException(Id);
                    }
                    return log.Contains(ElectUp) && await AnswersRoleAsync(ct).ConfigureAwait(false);
                }, timeout, ReadyPoll, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw;
            }
            if (!up)
            {
                Kill();
                throw new InvalidOperationException($"kevy node {Id} did not answer on 127.0.0.1:{ClientPort} with its election transport up within {timeout.TotalSeconds:0} s; {TailOf(ReadLog(logStart))}");
            }
            _ = run.Exited.ContinueWith(t => OnExited(run, t.Result), TaskScheduler.Default);
        }

        /// <summary>SIGKILL, then waits until the process is gone.</summary>
        public void Kill()
        {
            NodeWatchdog? run = Expect();
            if (run == null) return;
            run.Signal(PosixSignals.Kill);
            WaitExit(run, "SIGKILL");
        }

        /// <summary>SIGTERM (continuing a paused node so it can act on it), then waits; SIGKILL if it does not exit in time.</summary>
        public void Terminate()
        {
            NodeWatchdog? run = Expect();
            if (run == null) return;
            run.Signal(PosixSignals.Term);
            run.Signal(PosixSignals.Continue);
            if (run.Exited.Wait(ExitTimeout)) return;
            run.Signal(PosixSignals.Kill);
            WaitExit(run, "SIGKILL after SIGTERM");
        }

        /// <summary>SIGSTOP, and waits (on Linux) until the kernel shows the process stopped.</summary>
        public void Pause() => WaitForStopped(SignalRunning(PosixSignals.Stop, paused: true), true);

        /// <summary>SIGCONT, and waits (on Linux) until the process runs again.</summary>
        public void Resume() => WaitForStopped(SignalRunning(PosixSignals.Continue, paused: false), false);

        /// <summary>Kills kevy if it runs and lets go of its watchdog (the lab is being stopped).</summary>
        public void Shutdown()
        {
            Kill();
            lock (_sync)
            {
                _run?.Release();
                _run = null;
            }
        }

        /// <summary>The last lines of the node's log, for error messages.</summary>
        public string LogTail() => TailOf(ReadLog(0));

        private NodeWatchdog? Expect()
        {
            lock (_sync)
            {
                if (_run == null || _run.Exited.IsCompleted) return null;
                _exitExpected = true;
                _paused = false;
                return _run;
            }
        }

        private int SignalRunning(int signal, bool paused)
        {
            lock (_sync)
            {
                if (_run == null || !_run.Signal(signal))
                    throw new InvalidOperationException($"node '{Id}' is not running" + (_problem == null ? "" : ": " + _problem));
                _paused = paused;
                return _run.Pid;
            }
        }

        /// <summary>Signals are delivered asynchronously: wait until /proc shows the process stopped (state T) or not.</summary>
        private static void WaitForStopped(int pid, bool stopped)
        {
            string stat = $"/proc/{pid}/stat";
            Poll.Until(() =>
            {
                string text;
                try
                {
                    text = File.ReadAllText(stat);
                }
                catch (IOException)
                {
                    return true; // no /proc (macOS), or the process is gone
                }
                catch (UnauthorizedAccessException)
                {
                    return true;
                }
                int close = text.LastIndexOf(')');
                if (close < 0 || close + 2 >= text.Length) return true;
                return (text[close + 2] == 'T') == stopped;
            }, ExitTimeout, StatPoll);
        }

        private void WaitExit(NodeWatchdog run, string what)
        {
            if (!run.Exited.Wait(ExitTimeout))
                throw new InvalidOperationException($"kevy node {Id} (pid {run.Pid}) did not exit within {ExitTimeout.TotalSeconds:0} s of {what}");
        }

        private void OnExited(NodeWatchdog run, int status)
        {
            lock (_sync)
            {
                if (!ReferenceEquals(run, _run) || _exitExpected) return;
                _paused = false;
                _problem = $"exited by itself (status {status}); {TailOf(ReadLog(0))}";
            }
        }

        /// <summary>True once ROLE answers (PING already does while the node still answers -LOADING to everything else).</summary>
        private async Task<bool> AnswersRoleAsync(CancellationToken ct)
        {
            try
            {
                await KevyClient.RoleAsync("127.0.0.1", ClientPort, TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is KevyNetException || e is KevyReplyErrorException)
            {
                return false;
            }
        }

        private string ReadLog(long from)
        {
            try
            {
                using (var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    if (from > stream.Length) from = 0;
                    stream.Seek(from, SeekOrigin.Begin);
                    using (var reader = new StreamReader(stream, Encoding.UTF8)) return reader.ReadToEnd();
                }
            }
            catch (IOException)
            {
                return string.Empty;
            }
            catch (UnauthorizedAccessException)
            {
                return string.Empty;
            }
        }

        private string TailOf(string log)
        {
            var lines = log.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
            if (lines.Length == 0) return $"its log ({LogPath}) is empty";
            return $"the end of its log ({LogPath}):" + Environment.NewLine + "  "
                + string.Join(Environment.NewLine + "  ", lines.Skip(Math.Max(0, lines.Length - TailLines)));
        }
    }

    /// <summary>A node could not bind one of its ports: another process took it between picking and binding.</summary>
    internal sealed class NodePortsTakenException : Exception
    {
        public NodePortsTakenException(string nodeId)
            : base($"kevy node {nodeId} found one of its ports taken")
        {
            NodeId = nodeId;
        }

        public string NodeId { get; }
    }
}
