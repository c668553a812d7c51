using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KevyElect.Cluster;
using KevyElect.Election;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>
    /// One node of a lab: an <see cref="Elector"/> behind a real TCP election transport (a listener
    /// that never writes back, one outbound connection per peer), its elect.meta in a data directory,
    /// and a <see cref="LabDataPlane"/> on the client port whose replication follows the election.
    /// The lab's driver ticks it; inbound frames and ticks are serialised by one lock.
    /// </summary>
    public sealed class LabNode : IDisposable
    {
        private readonly LabCluster _cluster;
        private readonly object _sync = new object();      // the elector and what it drives
        private readonly object _lifecycle = new object(); // start, crash, pause, resume
        private readonly LabPauseGate _gate = new LabPauseGate();
        private readonly LabElectListener _listener;
        private readonly Random _jitter;
        private Dictionary<string, LabPeerSender> _senders = new Dictionary<string, LabPeerSender>(StringComparer.Ordinal);
        private Elector? _elector;
        private string? _dataPlaneTarget;
        private long _candidacies;
        private volatile bool _running;
        private volatile bool _paused;

        internal LabNode(LabCluster cluster, PeerSpec peer, string dataDirectory, LabReplicationFabric fabric, string configuredPrimaryId, int seed)
        {
            _cluster = cluster;
            Peer = peer;
            DataDirectory = dataDirectory;
            _jitter = new Random(seed);
            FramesReceived = new LabFrameLog(cluster.GetOptions().FrameLogCapacity);
            FramesSent = new LabFrameLog(cluster.GetOptions().FrameLogCapacity);
            _listener = new LabElectListener(OnFrame, OnDroppedConnection, _gate);
            DataPlane = new LabDataPlane(fabric, new ElectionView(this), configuredPrimaryId);
        }

        /// <summary>This node's id.</summary>
        public string NodeId => Peer.Id;

        /// <summary>This node's entry of the peer table.</summary>
        public PeerSpec Peer { get; }

        /// <summary>The directory holding this node's elect.meta; it survives crashes.</summary>
        public string DataDirectory { get; }

        /// <summary>The node's data plane (RESP server on the client port).</summary>
        public LabDataPlane DataPlane { get; }

        /// <summary>Elect frames this node read, and connections it dropped, newest last.</summary>
        public LabFrameLog FramesReceived { get; }

        /// <summary>Elect frames this node queued for its peers, newest last.</summary>
        public LabFrameLog FramesSent { get; }

        /// <summary>Client commands this node answered, newest last.</summary>
        public LabCommandLog Commands => DataPlane.Commands;

        /// <summary>True unless crashed.</summary>
        public bool IsRunning => _running;

        /// <summary>True while paused.</summary>
        public bool IsPaused => _paused;

        /// <summary>Candidacies this node started (OFFERs broadcast) since the lab started.</summary>
        public long Candidacies => System.Threading.Interlocked.Read(ref _candidacies);

        /// <summary>Inbound election connections currently open.</summary>
        public int InboundConnections => _listener.ConnectionCount;

        /// <summary>Frames this node's outbound connections lost (overflow, cut, dead peer).</summary>
        public long FramesDropped
        {
            get { lock (_sync) return _senders.Values.Sum(s => s.Dropped); }
        }

        /// <summary>The elector's state; null while crashed.</summary>
        public ElectState? ElectState
        {
            get { lock (_sync) return _elector?.State; }
        }

        /// <summary>A snapshot of this node.</summary>
        public LabNodeState GetState()
        {
            long now = _cluster.NowMs;
            ElectState? state;
            bool lease;
            IReadOnlyList<ElectDecision> decisions;
            lock (_sync)
            {
                state = _elector?.State;
                lease = _elector?.IsWritablePrimary(now) ?? false;
                decisions = _elector?.RecentDecisions ?? Array.Empty<ElectDecision>();
            }
            LabDataPlaneStatus dp = DataPlane.GetStatus();
            bool dataWritable = (dp.IsMaster || dp.IsPromotionPending) && !dp.IsQuiesced && !dp.IsFenced;
            bool running = _running, paused = _paused;
            long downAfter = _cluster.GetOptions().Timings.DownAfterMs;
            return new LabNodeState
            {
                NodeId = NodeId,
                BackendValue = LabBackend.Embedded,
                IsRunning = running,
                IsPaused = paused,
                IsIsolated = _cluster.GetConnectivity().IsIsolated(NodeId),
                RoleValue = state?.Role,
                Epoch = state?.Epoch,
                VotedFor = state?.VotedFor,
                KnownPrimaryId = state?.KnownPrimaryId,
                ReplOffset = state?.ReplOffset,
                HasLease = lease,
                AcceptsWrites = running && !paused && dataWritable && !(state?.Role == ElectRole.Primary && !lease),
                DataRole = dp.IsMaster ? "master" : "slave",
                DataSourceId = dp.SourceId,
                DataLinkUp = !dp.IsMaster && dp.LinkState == LabLinkState.Connected,
                DataOffset = dp.Offset,
                IsFenced = dp.IsFenced,
                IsLoading = dp.IsLoading,
                PeerViewsValue = state?.PeerViews ?? new Dictionary<string, PeerView>(),
                LivePeers = state == null ? Array.Empty<string>()
                    : state.PeerViews.Where(p => now - p.Value.LastSeenMs < downAfter).Select(p => p.Key).OrderBy(p => p, StringComparer.Ordinal).ToArray(),
                FramesReceived = FramesReceived.Total,
                FramesSent = FramesSent.Total,
                CommandsReceived = Commands.Snapshot().Count,
                Candidacies = System.Threading.Interlocked.Read(ref _candidacies),
                Host = Peer.Host,
                ClientPort = Peer.ClientPort,
                ElectPort = Peer.ElectPort,
                DecisionsValue = decisions,
            };
        }

        /// <inheritdoc />
        public override string ToString() => NodeId + " (" + Peer + ")";

        /// <summary>Boots the node: a new elector from elect.meta, the elect listener, the peer connections, the data plane.</summary>
        internal void Start()
        {
            lock (_lifecycle)
            {
                if (_running) throw new InvalidOperationException($"node '{NodeId}' is already running");
                Directory.CreateDirectory(DataDirectory);
                var peers = _cluster.Peers;
                var elector = new Elector(NodeId, peers.Select(p => p.Id).ToArray(), Peer.ClientAddress,
                    _cluster.GetOptions().Timings, new ElectMetaFile(DataDirectory), Jitter);
                _listener.Start(Peer.ElectPort);
                var senders = new Dictionary<string, LabPeerSender>(StringComparer.Ordinal);
                foreach (PeerSpec other in peers.Where(p => p.Id != NodeId))
                {
                    string to = other.Id;
                    senders[to] = new LabPeerSender(to, other.Host, other.ElectPort,
                        () => _cluster.GetConnectivity().CanReach(NodeId, to), _gate, _cluster.GetOptions().SendQueueCapacity);
                }
                try
                {
                    DataPlane.Start();
                }
                catch
                {
                    _listener.Stop();
                    foreach (var s in senders.Values) s.Stop();
                    throw;
                }
                lock (_sync)
                {
                    _senders = senders;
                    _elector = elector;
                    _dataPlaneTarget = null;
                }
                _running = true;
            }
        }

        /// <summary>Kills the node: every socket closes, in-memory election state is lost; elect.meta stays.</summary>
        internal void Crash()
        {
            lock (_lifecycle)
            {
                if (!_running) throw new InvalidOperationException($"node '{NodeId}' is not running");
                _running = false;
                Dictionary<string, LabPeerSender> senders;
                lock (_sync)
                {
                    _elector = null;
                    _dataPlaneTarget = null;
                    senders = _senders;
                }
                _gate.Open(); // a killed process restarts unfrozen
                _paused = false;
                _listener.Stop();
                foreach (var s in senders.Values) s.Stop();
                DataPlane.Stop();
            }
        }

        /// <summary>Freezes the node as SIGSTOP would: sockets stay open, nothing is read, sent, ticked or answered.</summary>
        internal void Pause()
        {
            lock (_lifecycle)
            {
                if (!_running) throw new InvalidOperationException($"node '{NodeId}' is not running");
                if (_paused) return;
                _paused = true;
                _gate.Close();
                DataPlane.Pause();
            }
        }

        /// <summary>Continues a paused node; what queued up meanwhile is taken up.</summary>
        internal void Resume()
        {
            lock (_lifecycle)
            {
                if (!_running) throw new InvalidOperationException($"node '{NodeId}' is not running");
                if (!_paused) return;
                _paused = false;
                _gate.Open();
                DataPlane.Resume();
            }
        }

        /// <summary>Closes the outbound connections that a new cut forbids.</summary>
        internal void ApplyConnectivity()
        {
            lock (_sync)
            {
                foreach (var s in _senders.Values)
                {
                    if (!_cluster.GetConnectivity().CanReach(NodeId, s.PeerId)) s.Disconnect();
                }
            }
        }

        /// <summary>One driver step: report the data plane's offset, let the elector act on time.</summary>
        internal void Tick(long nowMs)
        {
            if (!_running || _paused) return;
            long offset = DataPlane.GetStatus().Offset;
            lock (_sync)
            {
                if (_elector == null || _paused) return;
                _elector.SetReplOffset((ulong)offset);
                Act(_elector.Tick(nowMs));
            }
        }

        /// <summary>Shuts the node down for good (lab disposal).</summary>
        internal void Shutdown()
        {
            lock (_lifecycle)
            {
                if (_running) Crash();
            }
            DataPlane.Dispose();
        }

        /// <summary>Same as the lab's own shutdown of the node: its sockets close for good. The lab that made the node disposes it.</summary>
        void IDisposable.Dispose() => Shutdown();

        private void OnFrame(ElectMessage message, string remote)
        {
            FramesReceived.Add(new LabFrameRecord(DateTimeOffset.UtcNow, NodeId, LabFrameDirection.Received, remote, message));
            lock (_sync)
            {
                if (_elector == null) return;
                Act(_elector.OnMessage(message, _cluster.NowMs));
            }
        }

        private void OnDroppedConnection(string remote, string reason) =>
            FramesReceived.Add(new LabFrameRecord(DateTimeOffset.UtcNow, NodeId, LabFrameDirection.Received, remote, null, reason));

        /// <summary>Under the lock: aligns the data plane with the elector, then queues the frames it returned.</summary>
        private void Act(IReadOnlyList<Outbound> outbox)
        {
            SyncDataPlane();
            foreach (Outbound o in outbox)
            {
                if (o.Message is OfferMessage) System.Threading.Interlocked.Increment(ref _candidacies);
                byte[] frame = ElectCodec.Encode(o.Message);
                if (o.IsBroadcast)
                {
                    foreach (var sender in _senders.Values) Send(sender, o.Message, frame);
                }
                else if (_senders.TryGetValue(o.To!, out var sender))
                {
                    Send(sender, o.Message, frame);
                }
                // A frame for an id outside the peer table goes nowhere, as in the reference.
            }
        }

        private void Send(LabPeerSender sender, ElectMessage message, byte[] frame)
        {
            FramesSent.Add(new LabFrameRecord(DateTimeOffset.UtcNow, NodeId, LabFrameDirection.Sent, sender.PeerId, message));
            sender.Enqueue(frame);
        }

        /// <summary>
        /// Promote when the elector becomes primary; Follow only when it adopts another primary of the
        /// table. A primary outside the table (an HB from an unknown id) leaves the data plane as it is,
        /// which is how the reference's data plane keeps accepting writes after such a demotion.
        /// </summary>
        private void SyncDataPlane()
        {
            Elector e = _elector!;
            string? target = e.Role == ElectRole.Primary ? NodeId : e.KnownPrimaryId;
            if (target == null || target == _dataPlaneTarget) return;
            if (target != NodeId && _cluster.Peers.Find(target) == null) return;
            _dataPlaneTarget = target;
            if (target == NodeId) DataPlane.Promote();
            else DataPlane.Follow(target);
        }

        private int Jitter(int max)
        {
            lock (_jitter) return _jitter.Next(max);
        }

        /// <summary>What the data plane reads of the elector; each read takes the node's lock.</summary>
        private sealed class ElectionView : ILabElectionView
        {
            private readonly LabNode _node;

            public ElectionView(LabNode node) => _node = node;

            public string NodeId => _node.NodeId;

            public bool IsElectedPrimary
            {
                get { lock (_node._sync) return _node._elector?.Role == ElectRole.Primary; }
            }

            public bool HasWriteQuorum
            {
                get { lock (_node._sync) return _node._elector?.HasQuorumVisibility(_node._cluster.NowMs) ?? false; }
            }

            public string? KnownPrimaryId
            {
                get { lock (_node._sync) return _node._elector?.KnownPrimaryId; }
            }
        }
    }
}
