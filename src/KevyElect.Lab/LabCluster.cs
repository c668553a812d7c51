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
    /// <see cref="GetState()"/> shows every node. Dispose stops every listener and deletes the temp data.
    /// </summary>
    public sealed partial class LabCluster : ElectLab
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly List<LabNode> _nodes = new List<LabNode>();
        private readonly LabReplicationFabric _fabric;
        private readonly bool _ownsDataDirectory;
        private Task? _driver;

        private LabCluster(LabOptions options, PeerTable peers, string root, bool ownsRoot)
            : base(peers.Select(p => p.Id), root)
        {
            _options = options;
            Peers = peers;
            _ownsDataDirectory = ownsRoot;
            var directory = new LabPeerDirectory(peers);
            _fabric = new LabReplicationFabric(directory,
                new LabDataPlaneOptions
                {
                    ApplyDelay = options.ApplyDelay,
                    PromotionDelay = options.PromotionDelay,
                    ReplicationLatency = options.ReplicationLatency,
                    ReplicationHeartbeat = options.ReplicationHeartbeat,
                    SnapshotLoad = options.SnapshotLoad,
                    RetargetGap = options.RetargetGap,
                },
                GetConnectivity().CanReach);
            string configuredPrimary = peers[0].Id;
            for (int i = 0; i < peers.Count; i++)
            {
                _nodes.Add(new LabNode(this, peers[i], Path.Combine(root, peers[i].Id), _fabric, configuredPrimary,
                    unchecked(options.Seed * 7919 + i)));
            }
            GetConnectivity().Changed += () =>
            {
                foreach (var n in _nodes) n.ApplyConnectivity();
            };
        }

        /// <summary>The embedded backend.</summary>
        public override LabBackend GetBackend() => LabBackend.Embedded;

        /// <summary>The options the lab was built with.</summary>
        public LabOptions GetOptions() => _options;

        private readonly LabOptions _options;

        /// <inheritdoc />
        public override PeerTable Peers { get; }

        /// <summary>The nodes, in peer-table order.</summary>
        public IReadOnlyList<LabNode> GetNodes() => _nodes;

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
            // A chosen range can be taken between the check and the bind (another lab or process): choose again.
            for (int attempt = 1; ; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                int basePort = options.BasePort ?? LabPorts.ChooseBasePort(options.Nodes);
                try
                {
                    return Task.FromResult(Start(options, basePort));
                }
                catch (LabPortInUseException) when (options.BasePort == null && attempt < 5)
                {
                }
            }
        }

        private static LabCluster Start(LabOptions options, int basePort)
        {
            var peers = PeerTable.Create(Enumerable.Range(0, options.Nodes)
                .Select(i => new PeerSpec("n" + (i + 1), "127.0.0.1", basePort + i + LabPorts.ElectOffset, basePort + i)));
            bool owns = options.DataDir == null;
            string root = options.DataDir ?? Path.Combine(Path.GetTempPath(), "kevyelect-lab-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(root);
            var lab = new LabCluster(options, peers, root, owns);
            lab.Register();
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
            return lab;
        }

        /// <summary>The node with this id.</summary>
        /// <exception cref="ArgumentException">No node has that id; the message lists the lab's ids.</exception>
        public LabNode Node(string nodeId) =>
            _nodes.FirstOrDefault(n => n.NodeId == nodeId)
            ?? throw new ArgumentException(DescribeUnknownNode(nodeId), nameof(nodeId));

        /// <inheritdoc />
        public override IReadOnlyList<LabNodeState> GetState() => _nodes.Select(n => n.GetState()).ToArray();

        /// <inheritdoc />
        public override LabNodeState GetState(string nodeId) => Node(nodeId).GetState();

        /// <summary>Stops the driver, every node and every listener; deletes the temp data directory.</summary>
        protected override void DisposeNodes()
        {
            _stopping.Cancel();
            try { _driver?.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
            foreach (var node in _nodes) node.Shutdown();
            _fabric.Dispose();
            _stopping.Dispose();
            if (_ownsDataDirectory) LabDirectory.Delete(DataDirectory);
        }

        internal long TickIntervalMs => Math.Max(5, Math.Min(25, GetOptions().Timings.HbIntervalMs / 4));

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
    }
}
