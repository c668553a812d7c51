using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Internal;

namespace KevyElect.Lab
{
    /// <summary>
    /// A kevy-elect cluster on 127.0.0.1 to rehearse on, whatever runs its nodes (<see cref="Backend"/>):
    /// the embedded model (<see cref="LabCluster"/>) or real kevy processes (<see cref="ProcessLab"/>).
    /// Its <see cref="Peers"/> pipe into every cluster cmdlet; the chaos methods crash, stop, restart,
    /// pause, isolate and split nodes; <see cref="GetState()"/> shows every node. A scenario written
    /// against this class runs on either backend. Dispose stops every node and deletes the temp data.
    /// </summary>
    public abstract class ElectLab : IDisposable, IAsyncDisposable
    {
        private static readonly List<ElectLab> s_running = new List<ElectLab>();

        private readonly List<LabWriteLoad> _loads = new List<LabWriteLoad>();
        private readonly System.Diagnostics.Stopwatch _uptime = System.Diagnostics.Stopwatch.StartNew();
        private int _disposed;

        static ElectLab()
        {
            // A host that exits with labs still running must not leave listeners, processes or temp data behind.
            AppDomain.CurrentDomain.ProcessExit += (_, __) =>
            {
                foreach (var lab in Running)
                {
                    try { lab.Dispose(); }
                    catch (AggregateException) { /* a node that would not stop: its watchdog kills it when this process is gone */ }
                    catch (InvalidOperationException) { }
                }
            };
        }

        /// <summary>Sets up what every lab has; the subclass starts its nodes and then calls <see cref="Register"/>.</summary>
        /// <param name="nodeIds">The node ids, in peer-table order.</param>
        /// <param name="dataDirectory">The root of the nodes' data directories.</param>
        protected ElectLab(IEnumerable<string> nodeIds, string dataDirectory)
        {
            NodeIds = (nodeIds ?? throw new ArgumentNullException(nameof(nodeIds))).ToArray();
            DataDirectory = dataDirectory ?? throw new ArgumentNullException(nameof(dataDirectory));
            _connectivity = new LabConnectivity(NodeIds);
            StartedAt = DateTimeOffset.UtcNow;
        }

        /// <summary>Labs started in this process and not yet disposed, oldest first, of both backends.</summary>
        public static IReadOnlyList<ElectLab> Running
        {
            get { lock (s_running) return s_running.ToArray(); }
        }

        /// <summary>What runs the nodes, by name (Embedded, Process).</summary>
        public string Backend => GetBackend().ToString();

        /// <summary>What runs the nodes.</summary>
        public abstract LabBackend GetBackend();

        /// <summary>The lab's peer table, in the same syntax as a real cluster's (<c>n1@127.0.0.1:elect:client,...</c>).</summary>
        public abstract PeerTable Peers { get; }

        /// <summary>The node ids, in peer-table order (n1..nN; n1 is the configured primary).</summary>
        public IReadOnlyList<string> NodeIds { get; }

        private readonly LabConnectivity _connectivity;

        /// <summary>Which nodes can reach each other (both planes). Clients outside the lab reach every node.</summary>
        public LabConnectivity GetConnectivity() => _connectivity;

        /// <summary>The root of the nodes' data directories.</summary>
        public string DataDirectory { get; }

        /// <summary>When the lab started.</summary>
        public DateTimeOffset StartedAt { get; }

        /// <summary>The Nodes column: how many nodes the lab has.</summary>
        public int NodeCount => NodeIds.Count;

        /// <summary>The Primary column: the writable primary now (reads every node), or null when none or stopped.</summary>
        public string? Primary => IsDisposed ? null : GetState().FirstOrDefault(s => s.IsWritablePrimary)?.NodeId;

        /// <summary>The State column: <c>running</c>, or <c>stopped</c> once the lab is stopped.</summary>
        public string State => IsDisposed ? "stopped" : "running";

        /// <summary>Milliseconds since the lab was created, just before its nodes started, on a monotonic clock (for measuring a cold start).</summary>
        public long UptimeMs => _uptime.ElapsedMilliseconds;

        /// <summary>Time since the lab was created; see <see cref="UptimeMs"/>.</summary>
        public TimeSpan GetUptime() => _uptime.Elapsed;

        /// <summary>True once disposed.</summary>
        public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        /// <summary>How often the waits read the nodes.</summary>
        protected virtual TimeSpan PollInterval => TimeSpan.FromMilliseconds(10);

        /// <summary>How long <see cref="WaitForSteadyPrimaryAsync"/>'s condition must hold, under one primary, before it returns.</summary>
        protected virtual TimeSpan SteadyHold => TimeSpan.Zero;

        /// <summary>A snapshot of every node, in peer-table order.</summary>
        public abstract IReadOnlyList<LabNodeState> GetState();

        /// <summary>A snapshot of every node, in peer-table order, read without blocking the caller.</summary>
        public virtual Task<IReadOnlyList<LabNodeState>> GetStateAsync(CancellationToken ct = default) => Task.FromResult(GetState());

        /// <summary>A snapshot of one node.</summary>
        /// <exception cref="ArgumentException">No node has that id; the message lists the lab's ids.</exception>
        public virtual LabNodeState GetState(string nodeId)
        {
            CheckNode(nodeId);
            return GetState().First(s => s.NodeId == nodeId);
        }

        /// <summary>Kills a node at once (SIGKILL on a process): what it held in memory is lost; its data directory stays.</summary>
        /// <exception cref="ArgumentException">Unknown id.</exception>
        /// <exception cref="InvalidOperationException">The node is not running.</exception>
        public abstract void Crash(string nodeId);

        /// <summary>
        /// Stops a node gracefully (SIGTERM on a process, waiting for it to exit); its data directory stays.
        /// The embedded lab has nothing to flush, so there it is the same as <see cref="Crash"/>.
        /// </summary>
        /// <exception cref="InvalidOperationException">The node is not running.</exception>
        public abstract void Stop(string nodeId);

        /// <summary>Starts a stopped or crashed node again on the same ports and data directory; it resumes from its elect.meta.</summary>
        /// <exception cref="InvalidOperationException">The node is running.</exception>
        public abstract void Restart(string nodeId);

        /// <summary>Freezes a node (SIGSTOP): alive, connected, silent.</summary>
        public abstract void Pause(string nodeId);

        /// <summary>Continues a paused node (SIGCONT).</summary>
        public abstract void Resume(string nodeId);

        /// <summary>Cuts a node from every other node on both planes. Clients outside the lab still reach it.</summary>
        public void Isolate(string nodeId)
        {
            CheckNode(nodeId);
            _connectivity.Isolate(nodeId);
        }

        /// <summary>Partitions the lab: nodes talk only within their group; every node must be in exactly one group.</summary>
        public void Split(params IReadOnlyCollection<string>[] groups)
        {
            ThrowIfDisposed();
            _connectivity.Split(groups);
        }

        /// <summary>Removes every cut.</summary>
        public void Heal()
        {
            ThrowIfDisposed();
            _connectivity.HealAll();
        }

        /// <summary>Removes the cuts involving one node.</summary>
        public void Heal(string nodeId)
        {
            CheckNode(nodeId);
            _connectivity.Heal(nodeId);
        }

        /// <summary>
        /// Starts a steady write load: <paramref name="ratePerSecond"/> SETs a second through the
        /// client ports, each sent to the last node that accepted one, then to the others in turn.
        /// </summary>
        public LabWriteLoad StartWriteLoad(int ratePerSecond = 20, TimeSpan? attemptTimeout = null)
        {
            ThrowIfDisposed();
            var load = new LabWriteLoad(this, ratePerSecond, attemptTimeout ?? TimeSpan.FromMilliseconds(250));
            lock (_loads) _loads.Add(load);
            return load;
        }

        /// <summary>Waits until exactly one node is the elected primary and accepts writes, and returns its state.</summary>
        /// <exception cref="TimeoutException">No single writable primary within <paramref name="timeout"/>; the message shows every node.</exception>
        public async Task<LabNodeState> WaitForWritablePrimaryAsync(TimeSpan timeout, CancellationToken ct = default)
        {
            var states = await WaitCoreAsync(s => s.Count(n => n.IsWritablePrimary) == 1, timeout, null, ct).ConfigureAwait(false);
            return states.Single(s => s.IsWritablePrimary);
        }

        /// <summary>
        /// Waits until exactly one node is the elected primary, accepts writes and says role:master in
        /// INFO, and every other running node follows it on both planes: its elector names it, its
        /// replication link to it is up and it has loaded its snapshot. That is the lab a probe calls Healthy (lag aside).
        /// </summary>
        /// <exception cref="TimeoutException">Not reached within <paramref name="timeout"/>; the message shows every node.</exception>
        public async Task<LabNodeState> WaitForSteadyPrimaryAsync(TimeSpan timeout, CancellationToken ct = default)
        {
            var held = new System.Diagnostics.Stopwatch();
            string? heldBy = null;
            bool Holds(IReadOnlyList<LabNodeState> states)
            {
                if (!IsSteady(states))
                {
                    held.Reset();
                    return false;
                }
                string primary = states.Single(s => s.IsWritablePrimary).NodeId;
                if (primary != heldBy || !held.IsRunning)
                {
                    heldBy = primary;
                    held.Restart();
                }
                return held.Elapsed >= SteadyHold;
            }
            var final = await WaitCoreAsync(Holds, timeout, "a writable primary that every running node follows on both planes", ct).ConfigureAwait(false);
            return final.Single(s => s.IsWritablePrimary);
        }

        /// <summary>Waits until <paramref name="condition"/> holds over the node states; a TimeoutException naming <paramref name="what"/> otherwise.</summary>
        public Task<IReadOnlyList<LabNodeState>> WaitUntilAsync(Func<IReadOnlyList<LabNodeState>, bool> condition, TimeSpan timeout, string what, CancellationToken ct = default) =>
            WaitCoreAsync(condition, timeout, what, ct);

        /// <summary>One line per node for error messages: role, epoch, primary, writes, data plane.</summary>
        public static string Describe(LabNodeState s)
        {
            if (s is null) throw new ArgumentNullException(nameof(s));
            return $"{s.NodeId} {(s.IsRunning ? s.IsPaused ? "paused" : (s.Role ?? "?") : "crashed")} epoch={s.Epoch} primary={s.KnownPrimaryId ?? "-"} writes={(s.AcceptsWrites ? "yes" : "no")} data={s.DataRole}{(s.DataSourceId == null ? "" : $" of {s.DataSourceId} link {(s.DataLinkUp ? "up" : "down")}")}"
                + (s.Problem == null ? "" : $" ({s.Problem})");
        }

        /// <summary>The peer table text.</summary>
        public override string ToString() => Peers.ToString();

        /// <summary>Stops every write load and every node; deletes the temp data directory.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (s_running) s_running.Remove(this);
            LabWriteLoad[] loads;
            lock (_loads) loads = _loads.ToArray();
            foreach (var load in loads) load.Stop();
            DisposeNodes();
            GC.SuppressFinalize(this);
        }

        /// <summary>Disposes the lab off the caller's thread.</summary>
        public ValueTask DisposeAsync()
        {
            GC.SuppressFinalize(this);
            return new ValueTask(Task.Run(Dispose));
        }

        /// <summary>Stops every node and listener and deletes what the lab owns on disk (called once, by <see cref="Dispose"/>).</summary>
        protected abstract void DisposeNodes();

        /// <summary>Adds a started lab to <see cref="Running"/>.</summary>
        protected void Register()
        {
            lock (s_running) s_running.Add(this);
        }

        /// <summary>Throws <see cref="ArgumentException"/> for an id outside the lab, <see cref="ObjectDisposedException"/> once disposed.</summary>
        protected void CheckNode(string nodeId)
        {
            ThrowIfDisposed();
            if (!NodeIds.Contains(nodeId)) throw new ArgumentException(DescribeUnknownNode(nodeId), nameof(nodeId));
        }

        /// <summary>The node's peer-table entry, or null when the lab has no node of that id (ids are case-sensitive).</summary>
        public PeerSpec? FindNode(string nodeId) => Peers.Find(nodeId);

        /// <summary>Why <paramref name="nodeId"/> names no node of this lab, listing the ids it has.</summary>
        public string DescribeUnknownNode(string nodeId) => $"node '{nodeId}' is not in this lab (nodes: {string.Join(", ", NodeIds)})";

        /// <summary>Throws <see cref="ObjectDisposedException"/> once the lab is stopped.</summary>
        protected void ThrowIfDisposed()
        {
            if (IsDisposed) throw new ObjectDisposedException(GetType().Name, "the lab is stopped");
        }

        internal void Forget(LabWriteLoad load)
        {
            lock (_loads) _loads.Remove(load);
        }

        private async Task<IReadOnlyList<LabNodeState>> WaitCoreAsync(Func<IReadOnlyList<LabNodeState>, bool> condition, TimeSpan timeout, string? what, CancellationToken ct)
        {
            if (condition is null) throw new ArgumentNullException(nameof(condition));
            IReadOnlyList<LabNodeState> states = Array.Empty<LabNodeState>();
            bool met = await Poll.UntilAsync(async () =>
            {
                ThrowIfDisposed();
                states = await GetStateAsync(ct).ConfigureAwait(false);
                return condition(states);
            }, timeout, PollInterval, ct).ConfigureAwait(false);
            if (met) return states;
            string waited = what == null ? $"no single writable primary within {timeout.TotalMilliseconds:0} ms"
                : $"timed out after {timeout.TotalMilliseconds:0} ms waiting for {what}";
            throw new TimeoutException(waited + ": " + string.Join("; ", states.Select(Describe)));
        }

        private static bool IsSteady(IReadOnlyList<LabNodeState> states)
        {
            var primaries = states.Where(s => s.IsWritablePrimary).ToArray();
            if (primaries.Length != 1 || primaries[0].DataRole != "master") return false;
            string primary = primaries[0].NodeId;
            return states.Where(s => s.IsRunning && s.NodeId != primary)
                .All(s => s.KnownPrimaryId == primary && s.DataSourceId == primary && s.DataLinkUp && !s.IsLoading);
        }
    }
}
