using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;

namespace KevyElect.Lab
{
    /// <summary>
    /// A kevy-elect cluster of real kevy server processes on 127.0.0.1: 1 to 7 nodes, each with its own
    /// kevy.toml, data directory and log in a temp folder; n1 is the preferred primary, the others its
    /// replicas. Between nodes every connection (election and replication) goes through loopback relays the
    /// lab places, so <see cref="ElectLab.Isolate"/> and <see cref="ElectLab.Split"/> cut real traffic; the
    /// <see cref="Peers"/> name the nodes' real ports, with the relay ports as aliases. Crash is SIGKILL,
    /// Stop SIGTERM, Pause and Resume SIGSTOP and SIGCONT. No kevy process and no folder outlives the lab:
    /// Dispose stops them, and if this process dies each node's watchdog kills its node and removes its folder.
    /// </summary>
    public sealed class ProcessLab : ElectLab
    {
        /// <summary>The temp folders of process labs are named <c>kevyelect-kevy-&lt;host pid&gt;-&lt;id&gt;</c>.</summary>
        public const string FolderPrefix = "kevyelect-kevy-";

        private const int StartAttempts = 5;

        private readonly ProcessLabOptions _options;
        private readonly Dictionary<string, ProcessLabNode> _nodes;
        private readonly LoopbackPorts _ports;
        private RelayMesh? _relays;
        private PeerTable? _peers;

        private ProcessLab(ProcessLabOptions options, KevyServer server, IReadOnlyList<string> ids, string root)
            : base(ids, root)
        {
            _options = options;
            _server = server;
            _ports = new LoopbackPorts(options.Shards);
            _nodes = ids.ToDictionary(id => id, id => new ProcessLabNode(id, root), StringComparer.Ordinal);
        }

        /// <summary>The process backend.</summary>
        public override LabBackend GetBackend() => LabBackend.Process;

        /// <summary>The server every node runs.</summary>
        public KevyServer GetServer() => _server;

        private readonly KevyServer _server;

        /// <summary>Shards (kevy's threads) per node.</summary>
        public int Shards => _options.Shards;

        /// <inheritdoc />
        public override PeerTable Peers => _peers ?? throw new InvalidOperationException("the lab is still starting");

        /// <inheritdoc />
        protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(200);

        /// <summary>
        /// A second: a newly elected kevy primary bumps its replication feed on each shard's next tick, and its
        /// replicas then reload a snapshot (answering -LOADING meanwhile), a moment after they first followed it.
        /// </summary>
        protected override TimeSpan SteadyHold => TimeSpan.FromSeconds(1);

        /// <summary>Process ids of the kevy nodes running now, by node id.</summary>
        public IReadOnlyDictionary<string, int> ProcessIds =>
            _nodes.Values.Where(n => n.Pid != null).ToDictionary(n => n.Id, n => n.Pid!.Value, StringComparer.Ordinal);

        /// <summary>
        /// Checks the server, then starts the nodes and returns once every one answers on its client port with its
        /// election transport up (the election itself takes about 5 s more: wait with
        /// <see cref="ElectLab.WaitForSteadyPrimaryAsync"/>). A port taken between picking and binding is retried on others.
        /// </summary>
        /// <exception cref="ArgumentException">A bad option, or a server that is missing, not executable or not kevy 5.x.</exception>
        /// <exception cref="PlatformNotSupportedException">On Windows.</exception>
        /// <exception cref="InvalidOperationException">A node did not start; the message ends with its log.</exception>
        public static async Task<ProcessLab> StartAsync(ProcessLabOptions options, CancellationToken ct = default)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            options.Validate();
            PosixSignals.EnsureSupported();
            KevyServer server = KevyServer.Resolve(options.Server);
            ct.ThrowIfCancellationRequested();
            StaleLabFolders.Sweep();
            string root = Path.Combine(Path.GetTempPath(),
                FolderPrefix + StaleLabFolders.CurrentProcessId + "-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(root);
            var ids = Enumerable.Range(1, options.Nodes).Select(i => "n" + i).ToArray();
            var lab = new ProcessLab(options, server, ids, root);
            lab.Register();
            try
            {
                await lab.StartNodesAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                lab.Dispose();
                throw;
            }
            return lab;
        }

        /// <inheritdoc />
        public override IReadOnlyList<LabNodeState> GetState() => GetStateAsync().GetAwaiter().GetResult();

        /// <inheritdoc />
        public override async Task<IReadOnlyList<LabNodeState>> GetStateAsync(CancellationToken ct = default)
        {
            ThrowIfDisposed();
            var peers = Peers;
            return await Task.WhenAll(NodeIds.Select(id => ProcessNodeReader.ReadAsync(Describe(_nodes[id]), peers, ct))).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public override LabNodeState GetState(string nodeId)
        {
            CheckNode(nodeId);
            return ProcessNodeReader.ReadAsync(Describe(_nodes[nodeId]), Peers, CancellationToken.None).GetAwaiter().GetResult();
        }

        /// <summary>SIGKILL: the node dies at once; its data directory (AOF, elect.meta) stays.</summary>
        /// <exception cref="InvalidOperationException">The node is not running.</exception>
        public override void Crash(string nodeId) => RunningNode(nodeId).Kill();

        /// <summary>SIGTERM, and waits until the node has exited (SIGKILL after 10 s); its data directory stays.</summary>
        /// <exception cref="InvalidOperationException">The node is not running.</exception>
        public override void Stop(string nodeId) => RunningNode(nodeId).Terminate();

        /// <summary>Starts the node's process again, same ports, same config, same data directory; returns once it answers.</summary>
        /// <exception cref="InvalidOperationException">The node is running, or did not start (the message ends with its log).</exception>
        public override void Restart(string nodeId)
        {
            CheckNode(nodeId);
            var node = _nodes[nodeId];
            if (node.IsRunning) throw new InvalidOperationException($"node '{nodeId}' is already running");
            try
            {
                node.StartAsync(GetServer().Path, DataDirectory, _options.StartTimeout, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (NodePortsTakenException)
            {
                throw new InvalidOperationException($"node '{nodeId}' cannot start again: one of its ports (client {node.ClientPort}, elect {node.ElectPort}) was taken by another process meanwhile; {node.LogTail()}");
            }
        }

        /// <summary>SIGSTOP: the process keeps its sockets and answers nothing.</summary>
        public override void Pause(string nodeId)
        {
            CheckNode(nodeId);
            _nodes[nodeId].Pause();
        }

        /// <summary>SIGCONT.</summary>
        public override void Resume(string nodeId)
        {
            CheckNode(nodeId);
            _nodes[nodeId].Resume();
        }

        /// <summary>The folder of one node: its kevy.toml, kevy.log and data directory.</summary>
        public string NodeDirectory(string nodeId)
        {
            CheckNode(nodeId);
            return _nodes[nodeId].Directory;
        }

        /// <summary>The last lines of a node's log.</summary>
        public string LogTail(string nodeId)
        {
            CheckNode(nodeId);
            return _nodes[nodeId].LogTail();
        }

        /// <summary>Kills every node, closes the relays and deletes the lab's folder.</summary>
        protected override void DisposeNodes()
        {
            var errors = new List<Exception>();
            Parallel.ForEach(_nodes.Values, node =>
            {
                try { node.Shutdown(); }
                catch (InvalidOperationException e)
                {
                    lock (errors) errors.Add(e);
                }
            });
            _relays?.Stop();
            _ports.ReleaseAll();
            StaleLabFolders.Delete(DataDirectory);
            if (errors.Count > 0) throw new AggregateException("the process lab did not stop cleanly", errors);
        }

        private ProcessLabNode RunningNode(string nodeId)
        {
            CheckNode(nodeId);
            var node = _nodes[nodeId];
            if (!node.IsRunning) throw new InvalidOperationException($"node '{nodeId}' is not running" + (node.Problem == null ? "" : ": " + node.Problem));
            return node;
        }

        private ProcessNodeReader.Process Describe(ProcessLabNode node) => new ProcessNodeReader.Process
        {
            NodeId = node.Id,
            IsRunning = node.IsRunning,
            IsPaused = node.IsPaused,
            IsIsolated = GetConnectivity().IsIsolated(node.Id),
            Problem = node.Problem,
            ClientPort = node.ClientPort,
            ElectPort = node.ElectPort,
            DataDirectory = node.DataDirectory,
        };

        private async Task StartNodesAsync(CancellationToken ct)
        {
            foreach (var node in _nodes.Values) PickPorts(node);
            _relays = new RelayMesh(NodeIds, _options.Shards, _ports, GetConnectivity(), id => (_nodes[id].ElectPort, _nodes[id].ClientPort));
            foreach (var node in _nodes.Values) node.WriteConfig(ConfigOf(node));
            await Task.WhenAll(_nodes.Values.Select(node => StartWithRetriesAsync(node, ct))).ConfigureAwait(false);
            _peers = PeerTable.Create(NodeIds.Select(id =>
                new PeerSpec(id, "127.0.0.1", _nodes[id].ElectPort, _nodes[id].ClientPort, _relays.AliasesOf(id))));
        }

        /// <summary>Starts a node; when one of its ports was taken meanwhile, moves it to new ones (only its relays dial them) and tries again.</summary>
        private async Task StartWithRetriesAsync(ProcessLabNode node, CancellationToken ct)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await node.StartAsync(GetServer().Path, DataDirectory, _options.StartTimeout, ct).ConfigureAwait(false);
                    return;
                }
                catch (NodePortsTakenException) when (attempt < StartAttempts)
                {
                    _ports.Release(new[] { node.ElectPort, node.ClientPort }.Concat(_ports.ReplicationPorts(node.ClientPort)));
                    PickPorts(node);
                    node.WriteConfig(ConfigOf(node));
                }
                catch (NodePortsTakenException)
                {
                    throw new InvalidOperationException($"kevy node {node.Id} found its ports taken {StartAttempts} times in a row; {node.LogTail()}");
                }
            }
        }

        private void PickPorts(ProcessLabNode node)
        {
            node.ClientPort = _ports.Client();
            node.ElectPort = _ports.Single();
            _options.PortsPicked?.Invoke(node.Id, node.ClientPort, node.ElectPort);
        }

        private string ConfigOf(ProcessLabNode node)
        {
            var relays = _relays!;
            var peers = NodeIds.Select(id =>
            {
                if (id == node.Id) return (id, node.ElectPort, node.ClientPort);
                var (elect, client) = relays.PortsFor(node.Id, id);
                return (id, elect, client);
            });
            string preferred = NodeIds[0];
            int? upstream = node.Id == preferred ? (int?)null : relays.PortsFor(node.Id, preferred).Client + LoopbackPorts.ReplicationOffset;
            return KevyNodeConfig.Render(node.Id, node.ClientPort, node.ElectPort, _options.Shards, node.DataDirectory, peers, upstream);
        }
    }
}
