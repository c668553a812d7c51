using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;

namespace KevyElect.Lab
{
    /// <summary>
    /// A kevy-elect cluster of 1 to 15 nodes on 127.0.0.1, inside this process: real sockets, real
    /// elections, the reference server's observable behaviour. Node i (n1..nN) has client port
    /// base+i-1, elect port client+200 and replication port client+10000; n1 is the configured
    /// primary of the data plane. Chaos methods crash, restart, pause, isolate and split nodes;
    /// <see cref="GetState"/> shows every node. Dispose stops every listener and deletes the temp data.
    /// </summary>
    public sealed partial class LabCluster : IDisposable, IAsyncDisposable
    {
        private static readonly List<LabCluster> s_running = new List<LabCluster>();

        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly List<LabNode> _nodes = new List<LabNode>();
        private readonly List<LabWriteLoad> _loads = new List<LabWriteLoad>();
        private readonly LabReplicationFabric _fabric;
        private readonly bool _ownsDataDirectory;
        private Task? _driver;
        private int _disposed;

        static LabCluster()
        {
            // A host that exits with labs still running must not leave listeners or temp data behind.
            AppDomain.CurrentDomain.ProcessExit += (_, __) =>
            {
                foreach (var lab in Running) lab.Dispose();
            };
        }

        private LabCluster(LabOptions options, PeerTable peers, string root, bool ownsRoot)
        {
            Options = options;
            Peers = peers;
            DataDirectory = root;
            _ownsDataDirectory = ownsRoot;
            StartedAt = DateTimeOffset.UtcNow;
            Connectivity = new LabConnectivity(peers.Select(p => p.Id));
            var directory = new LabPeerDirectory(peers);
            _fabric = new LabReplicationFabric(directory,
                new LabDataPlaneOptions
                {
                    ApplyDelay = options.ApplyDelay,
                    PromotionDelay = options.PromotionDelay,
                    ReplicationLatency = options.ReplicationLatency,
                    ReplicationHeartbeat = options.ReplicationHeartbeat,
                },
                Connectivity.CanReach);
            string configuredPrimary = peers[0].Id;
            for (int i = 0; i < peers.Count; i++)
            {
                _nodes.Add(new LabNode(this, peers[i], Path.Combine(root, peers[i].Id), _fabric, configuredPrimary,
                    unchecked(options.Seed * 7919 + i)));
            }
            Connectivity.Changed += () =>
            {
                foreach (var n in _nodes) n.ApplyConnectivity();
            };
        }

        /// <summary>Labs started in this process and not yet disposed.</summary>
        public static IReadOnlyList<LabCluster> Running
        {
            get { lock (s_running) return s_running.ToArray(); }
        }

        /// <summary>The options the lab was built with.</summary>
        public LabOptions Options { get; }

        /// <summary>The lab's peer table, in the same syntax as a real cluster's (<c>n1@127.0.0.1:elect:client,...</c>).</summary>
        public PeerTable Peers { get; }

        /// <summary>The nodes, in peer-table order.</summary>
        public IReadOnlyList<LabNode> Nodes => _nodes;

        /// <summary>Which nodes can reach each other (both planes).</summary>
        public LabConnectivity Connectivity { get; }

        /// <summary>The root of the nodes' data directories.</summary>
        public string DataDirectory { get; }

        /// <summary>When the lab started.</summary>
        public DateTimeOffset StartedAt { get; }

        /// <summary>True once disposed.</summary>
        public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        /// <summary>The lab's monotonic clock in milliseconds (the electors' time base).</summary>
        public long NowMs => _clock.ElapsedMilliseconds;

        /// <summary>Candidacies started by all nodes since the lab started (an election is at least one).</summary>
        public long Candidacies => _nodes.Sum(n => n.Candidacies);

        /// <summary>Starts a lab: binds every node's client and elect port on 127.0.0.1 and starts the electors.</summary>
        /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
        public static Task<LabCluster> StartAsync(LabOptions options, CancellationToken ct = default)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            options.Validate();
            ct.ThrowIfCancellationRequested();
            int basePort = options.BasePort ?? LabPorts.ChooseBasePort(options.Nodes);
            var peers = PeerTable.Create(Enumerable.Range(0, options.Nodes)
                .Select(i => new PeerSpec("n" + (i + 1), "127.0.0.1", basePort + i + LabPorts.ElectOffset, basePort + i)));
            bool owns = options.DataDir == null;
            string root = options.DataDir ?? Path.Combine(Path.GetTempPath(), "kevyelect-lab-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(root);
            var lab = new LabCluster(options, peers, root, owns);
            lock (s_running) s_running.Add(lab);
            try
            {
                foreach (var node in lab._nodes) node.Start();
            }
            catch
            {
                lab.Dispose();
                throw;
            }
            lab._driver = Task.Run(() => lab.DriveAsync(lab._stopping.Token));
            return Task.FromResult(lab);
        }

        /// <summary>The node with this id.</summary>
        /// <exception cref="ArgumentException">No node has that id; the message lists the lab's ids.</exception>
        public LabNode Node(string nodeId) =>
            _nodes.FirstOrDefault(n => n.NodeId == nodeId)
            ?? throw new ArgumentException($"node '{nodeId}' is not in this lab (nodes: {string.Join(", ", _nodes.Select(n => n.NodeId))})", nameof(nodeId));

        /// <summary>A snapshot of every node, in peer-table order.</summary>
        public IReadOnlyList<LabNodeState> GetState() => _nodes.Select(n => n.GetState()).ToArray();

        /// <summary>The peer table text.</summary>
        public override string ToString() => Peers.ToString();

        /// <summary>Stops the driver, write loads, every node and every listener; deletes the temp data directory.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (s_running) s_running.Remove(this);
            _stopping.Cancel();
            LabWriteLoad[] loads;
            lock (_loads) loads = _loads.ToArray();
            foreach (var load in loads) load.Stop();
            try { _driver?.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
            foreach (var node in _nodes) node.Shutdown();
            _fabric.Dispose();
            _stopping.Dispose();
            if (_ownsDataDirectory) DeleteDirectory(DataDirectory);
        }

        /// <summary>Disposes the lab off the caller's thread.</summary>
        public ValueTask DisposeAsync() => new ValueTask(Task.Run(Dispose));

        internal long TickIntervalMs => Math.Max(5, Math.Min(25, Options.Timings.HbIntervalMs / 4));

        internal void Forget(LabWriteLoad load)
        {
            lock (_loads) _loads.Remove(load);
        }

        private async Task DriveAsync(CancellationToken stopping)
        {
            var interval = TimeSpan.FromMilliseconds(TickIntervalMs);
            while (!stopping.IsCancellationRequested)
            {
                try { await Task.Delay(interval, stopping).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                long now = NowMs;
                foreach (var node in _nodes)
                {
                    try { node.Tick(now); }
                    catch (ObjectDisposedException) { /* the node is being torn down */ }
                }
            }
        }

        private static void DeleteDirectory(string path)
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                    return;
                }
                catch (IOException) { Thread.Sleep(50); }
                catch (UnauthorizedAccessException) { Thread.Sleep(50); }
            }
        }
    }
}
