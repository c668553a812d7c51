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
        public override void Crash(string nodeId) => Live(nodeId).Crash();

        /// <summary>The same as <see cref="Crash"/>: an embedded node has nothing to flush.</summary>
        public override void Stop(string nodeId) => Crash(nodeId);

        /// <summary>Boots a crashed node again on the same ports: a new elector resumes from its elect.meta.</summary>
        /// <exception cref="InvalidOperationException">The node is running.</exception>
        public override void Restart(string nodeId) => Live(nodeId).Start();

        /// <summary>Freezes a node as SIGSTOP would: alive, connected, silent.</summary>
        public override void Pause(string nodeId) => Live(nodeId).Pause();

        /// <summary>Continues a paused node (SIGCONT).</summary>
        public override void Resume(string nodeId) => Live(nodeId).Resume();

        /// <summary>
        /// Waits until exactly one node is the elected primary and accepts writes, and returns it.
        /// </summary>
        /// <exception cref="TimeoutException">No single writable primary within <paramref name="timeout"/>; the message shows every node.</exception>
        public async Task<LabNode> WaitForPrimaryAsync(TimeSpan timeout, CancellationToken ct = default) =>
            Node((await WaitForWritablePrimaryAsync(timeout, ct).ConfigureAwait(false)).NodeId);

        /// <summary>
        /// Waits for <see cref="ElectLab.WaitForSteadyPrimaryAsync"/>'s condition and returns the primary;
        /// a fresh lab reaches it a few milliseconds after its first writable primary.
        /// </summary>
        /// <exception cref="TimeoutException">Not reached within <paramref name="timeout"/>; the message shows every node.</exception>
        public async Task<LabNode> WaitForSteadyAsync(TimeSpan timeout, CancellationToken ct = default) =>
            Node((await WaitForSteadyPrimaryAsync(timeout, ct).ConfigureAwait(false)).NodeId);

        private LabNode Live(string nodeId)
        {
            ThrowIfDisposed();
            return Node(nodeId);
        }
    }
}
