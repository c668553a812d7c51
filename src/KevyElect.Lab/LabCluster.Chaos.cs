using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.Lab
{
    public sealed partial class LabCluster
    {
        /// <summary>Kills a node: its sockets close and its in-memory state is lost; its elect.meta and dataset stay.</summary>
        /// <exception cref="ArgumentException">Unknown id.</exception>
        /// <exception cref="InvalidOperationException">The node is already crashed.</exception>
        public void Crash(string nodeId) => Live(nodeId).Crash();

        /// <summary>Boots a crashed node again on the same ports: a new elector resumes from its elect.meta.</summary>
        /// <exception cref="InvalidOperationException">The node is running.</exception>
        public void Restart(string nodeId) => Live(nodeId).Start();

        /// <summary>Freezes a node as SIGSTOP would: alive, connected, silent.</summary>
        public void Pause(string nodeId) => Live(nodeId).Pause();

        /// <summary>Continues a paused node (SIGCONT).</summary>
        public void Resume(string nodeId) => Live(nodeId).Resume();

        /// <summary>Cuts a node from every other node on both planes. Clients outside the lab still reach it.</summary>
        public void Isolate(string nodeId)
        {
            Live(nodeId);
            Connectivity.Isolate(nodeId);
        }

        /// <summary>Partitions the lab: nodes talk only within their group; every node must be in exactly one group.</summary>
        public void Split(params IReadOnlyCollection<string>[] groups)
        {
            ThrowIfDisposed();
            Connectivity.Split(groups);
        }

        /// <summary>Removes every cut.</summary>
        public void Heal()
        {
            ThrowIfDisposed();
            Connectivity.HealAll();
        }

        /// <summary>Removes the cuts involving one node.</summary>
        public void Heal(string nodeId)
        {
            Live(nodeId);
            Connectivity.Heal(nodeId);
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

        /// <summary>
        /// Waits until exactly one node is the elected primary and accepts writes, and returns it.
        /// </summary>
        /// <exception cref="TimeoutException">No single writable primary within <paramref name="timeout"/>; the message shows every node.</exception>
        public async Task<LabNode> WaitForPrimaryAsync(TimeSpan timeout, CancellationToken ct = default)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                ThrowIfDisposed();
                var states = GetState();
                var primaries = states.Where(s => s.IsWritablePrimary).ToArray();
                if (primaries.Length == 1) return Node(primaries[0].NodeId);
                if (DateTime.UtcNow >= deadline)
                    throw new TimeoutException($"no single writable primary within {timeout.TotalMilliseconds:0} ms: " + string.Join("; ", states.Select(Describe)));
                await Task.Delay(10, ct).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Waits until exactly one node is the elected primary, accepts writes and says role:master in
        /// INFO, and every other running node follows it on both planes: its elector names it and its
        /// replication link to it is up. That is the lab a probe calls Healthy (lag aside); a fresh lab
        /// reaches it a few milliseconds after its first writable primary.
        /// </summary>
        /// <exception cref="TimeoutException">Not reached within <paramref name="timeout"/>; the message shows every node.</exception>
        public async Task<LabNode> WaitForSteadyAsync(TimeSpan timeout, CancellationToken ct = default)
        {
            var states = await WaitUntilAsync(IsSteady, timeout, "a writable primary that every running node follows on both planes", ct).ConfigureAwait(false);
            return Node(states.Single(s => s.IsWritablePrimary).NodeId);
        }

        private static bool IsSteady(IReadOnlyList<LabNodeState> states)
        {
            var primaries = states.Where(s => s.IsWritablePrimary).ToArray();
            if (primaries.Length != 1 || primaries[0].DataRole != "master") return false;
            string primary = primaries[0].NodeId;
            return states.Where(s => s.IsRunning && s.NodeId != primary)
                .All(s => s.KnownPrimaryId == primary && s.DataSourceId == primary && s.DataLinkUp);
        }

        /// <summary>Waits until <paramref name="condition"/> holds over the node states; a TimeoutException naming <paramref name="what"/> otherwise.</summary>
        public async Task<IReadOnlyList<LabNodeState>> WaitUntilAsync(Func<IReadOnlyList<LabNodeState>, bool> condition, TimeSpan timeout, string what, CancellationToken ct = default)
        {
            if (condition is null) throw new ArgumentNullException(nameof(condition));
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                ThrowIfDisposed();
                var states = GetState();
                if (condition(states)) return states;
                if (DateTime.UtcNow >= deadline)
                    throw new TimeoutException($"timed out after {timeout.TotalMilliseconds:0} ms waiting for {what}: " + string.Join("; ", states.Select(Describe)));
                await Task.Delay(10, ct).ConfigureAwait(false);
            }
        }

        private static string Describe(LabNodeState s) =>
            $"{s.NodeId} {(s.IsRunning ? s.IsPaused ? "paused" : s.Role.ToString() : "crashed")} epoch={s.Epoch} primary={s.KnownPrimaryId ?? "-"} writes={(s.AcceptsWrites ? "yes" : "no")} data={s.DataRole}{(s.DataSourceId == null ? "" : $" of {s.DataSourceId} link {(s.DataLinkUp ? "up" : "down")}")}";

        private LabNode Live(string nodeId)
        {
            ThrowIfDisposed();
            return Node(nodeId);
        }

        private void ThrowIfDisposed()
        {
            if (IsDisposed) throw new ObjectDisposedException(nameof(LabCluster), "the lab is stopped");
        }
    }
}
