using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace KevyElect.Lab
{
    /// <summary>
    /// The in-process replication between the data planes of one lab: a registry of nodes, the
    /// connectivity the cluster allows (partitions and crashes cut links), and one pump that moves
    /// writes from sources to replicas and drives FAILOVER handovers.
    /// </summary>
    public sealed class LabReplicationFabric : IDisposable
    {
        private readonly Dictionary<string, LabDataPlane> _nodes = new Dictionary<string, LabDataPlane>(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Task _pump;
        private Func<string, string, bool> _connectivity;
        private readonly long _started;
        private bool _disposed;

        /// <summary>
        /// Creates the fabric and starts its pump. <paramref name="connectivity"/> answers whether
        /// bytes can flow from the first node id to the second (null: always).
        /// </summary>
        public LabReplicationFabric(LabPeerDirectory directory, LabDataPlaneOptions? options = null, Func<string, string, bool>? connectivity = null)
        {
            Directory = directory ?? throw new ArgumentNullException(nameof(directory));
            Options = options ?? new LabDataPlaneOptions();
            Options.Validate();
            _started = Options.TimeProvider.GetTimestamp();
            _connectivity = connectivity ?? ((_, __) => true);
            _pump = Task.Run(() => PumpAsync(_stopping.Token));
        }

        /// <summary>The lab's peers.</summary>
        public LabPeerDirectory Directory { get; }

        /// <summary>The data plane's timings and limits.</summary>
        public LabDataPlaneOptions Options { get; }

        /// <summary>Whether bytes can flow from one node id to another; a replication link needs both directions.</summary>
        public Func<string, string, bool> Connectivity
        {
            get { lock (Gate) return _connectivity; }
            set { lock (Gate) _connectivity = value ?? throw new ArgumentNullException(nameof(value)); }
        }

        /// <summary>The data plane registered under this id, or null.</summary>
        public LabDataPlane? Find(string nodeId)
        {
            lock (Gate) return _nodes.TryGetValue(nodeId, out var n) ? n : null;
        }

        /// <summary>Every registered data plane.</summary>
        public IReadOnlyList<LabDataPlane> Nodes
        {
            get { lock (Gate) return _nodes.Values.ToArray(); }
        }

        /// <summary>Guards the replication state of every node of the fabric.</summary>
        internal object Gate { get; } = new object();

        /// <summary>
        /// Time on the fabric's monotonic clock, since it was made: every deadline, delay and age of the data plane
        /// is measured on it, so a step of the wall clock moves none of them.
        /// </summary>
        internal TimeSpan Now => Options.TimeProvider.GetElapsedTime(_started);

        private readonly Random _generations = new Random();

        /// <summary>Under the gate: a new non-zero feed generation.</summary>
        internal ulong NewGeneration()
        {
            var bytes = new byte[8];
            lock (_generations) _generations.NextBytes(bytes);
            ulong g = System.BitConverter.ToUInt64(bytes, 0) >> 12; // keep it well inside a RESP integer
            return g == 0 ? 1 : g;
        }

        /// <summary>Stops the pump. Nodes are disposed by their owners.</summary>
        public void Dispose()
        {
            lock (Gate)
            {
                if (_disposed) return;
                _disposed = true;
            }
            _stopping.Cancel();
            try { _pump.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
            _stopping.Dispose();
        }

        internal void Register(LabDataPlane node)
        {
            lock (Gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(LabReplicationFabric));
                if (_nodes.ContainsKey(node.NodeId)) throw new InvalidOperationException($"node '{node.NodeId}' already has a data plane in this lab");
                _nodes.Add(node.NodeId, node);
            }
        }

        internal void Unregister(LabDataPlane node)
        {
            lock (Gate)
            {
                if (_nodes.TryGetValue(node.NodeId, out var n) && ReferenceEquals(n, node)) _nodes.Remove(node.NodeId);
            }
        }

        /// <summary>Under the gate: the node if it runs and can exchange bytes with <paramref name="fromId"/> both ways.</summary>
        internal LabDataPlane? Reachable(string fromId, string toId)
        {
            if (!_nodes.TryGetValue(toId, out var to) || !to.IsUpLocked) return null;
            return _connectivity(fromId, toId) && _connectivity(toId, fromId) ? to : null;
        }

        /// <summary>Under the gate: the nodes whose data plane replicates from <paramref name="sourceId"/>, in attach order.</summary>
        internal IReadOnlyList<LabDataPlane> ReplicasOfLocked(string sourceId) =>
            _nodes.Values.Where(n => n.IsAttachedToLocked(sourceId))
                .OrderBy(n => n.AttachedAtLocked)
                .ThenBy(n => Directory.IndexOf(n.NodeId))
                .ToArray();

        private async Task PumpAsync(CancellationToken stopping)
        {
            while (!stopping.IsCancellationRequested)
            {
                try { await Options.TimeProvider.Delay(Options.TickInterval, stopping).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                lock (Gate)
                {
                    var now = Now;
                    foreach (var node in _nodes.Values.OrderBy(n => Directory.IndexOf(n.NodeId)))
                    {
                        node.TickLocked(now);
                    }
                }
            }
        }
    }
}
