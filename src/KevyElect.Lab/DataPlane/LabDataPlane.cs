using System;
using System.Collections.Generic;
using System.Linq;
using KevyElect.Cluster;

namespace KevyElect.Lab
{
    /// <summary>
    /// The data plane of one lab node: a RESP2 server on its client port and its side of the
    /// in-process replication. ROLE follows the election (through <see cref="ILabElectionView"/>);
    /// INFO, writes and FAILOVER follow the data plane's own replication state, as in the reference.
    /// </summary>
    public sealed partial class LabDataPlane : IDisposable
    {
        private enum RunState { Stopped, Running, Paused }

        private readonly LabReplicationFabric _fabric;
        private readonly ILabElectionView _election;
        private readonly string? _configuredPrimaryId;
        private readonly LabRespServer _server;
        private readonly object _lifecycle = new object();

        // Guarded by _fabric.Gate.
        private readonly List<LabReplicationEntry> _log = new List<LabReplicationEntry>();
        private readonly LabKeyValueStore _store = new LabKeyValueStore();
        private LabReplicationLink? _link;
        private bool _fenced = true;
        private TimeSpan? _promotionStartedAt;
        // A replica pointed at another source is no replica until this link is installed (see RetargetLocked).
        private LabReplicationLink? _pendingLink;
        private TimeSpan _pendingLinkDue;
        // A replica loading its source's snapshot answers reads -LOADING until then.
        private TimeSpan? _loadingUntil;
        private ulong _generation;
        private RunState _run = RunState.Stopped;
        private bool _disposed;

        /// <summary>
        /// Creates a stopped data plane for <paramref name="election"/>'s node and registers it with the
        /// fabric. <paramref name="configuredPrimaryId"/> is the data-plane primary of the boot
        /// configuration: that node starts as a master, every other node as its replica (null or this
        /// node's id: start as a master). Every start is write-fenced until <see cref="Promote"/> or
        /// <c>REPLICAOF NO ONE</c>.
        /// </summary>
        public LabDataPlane(LabReplicationFabric fabric, ILabElectionView election, string? configuredPrimaryId = null)
        {
            _fabric = fabric ?? throw new ArgumentNullException(nameof(fabric));
            _election = election ?? throw new ArgumentNullException(nameof(election));
            NodeId = election.NodeId ?? throw new ArgumentException("the election view has no node id", nameof(election));
            _fabric.Directory.Get(NodeId);
            if (configuredPrimaryId != null) _fabric.Directory.Get(configuredPrimaryId);
            _configuredPrimaryId = configuredPrimaryId;
            Commands = new LabCommandLog(_fabric.Options.CommandLogCapacity);
            _server = new LabRespServer(HandleCommandAsync, _fabric.Options.MaxConnectionBuffer);
            _generation = _fabric.NewGeneration();
            _fabric.Register(this);
        }

        /// <summary>This node's id.</summary>
        public string NodeId { get; }

        /// <summary>The commands this node answered, newest last.</summary>
        public LabCommandLog Commands { get; }

        /// <summary>The client port: the bound one while listening, else the directory's.</summary>
        public int ClientPort => _server.IsListening ? _server.Port : _fabric.Directory.Get(NodeId).ClientPort;

        /// <summary>True while the client port is bound.</summary>
        public bool IsListening => _server.IsListening;

        /// <summary>
        /// Starts (or restarts after <see cref="Stop"/>) the node: binds 127.0.0.1 at the directory's client
        /// port (0 binds a free port and records it in the directory), comes back write-fenced with the
        /// boot configuration's replication, keeping its dataset. Returns the bound port.
        /// </summary>
        public int Start()
        {
            lock (_lifecycle)
            {
                ThrowIfDisposed();
                if (_server.IsListening) throw new InvalidOperationException($"node '{NodeId}' is already running");
                lock (_fabric.Gate)
                {
                    _run = RunState.Running;
                    _fenced = true;
                    _promotionStartedAt = null;
                    _pendingLink = null;
                    _loadingUntil = null;
                    ClearFailoverLocked();
                    _link = _configuredPrimaryId == null || _configuredPrimaryId == NodeId ? null : NewLink(_configuredPrimaryId);
                }
                int port;
                try
                {
                    port = _server.Start(_fabric.Directory.Get(NodeId).ClientPort);
                }
                catch
                {
                    lock (_fabric.Gate) _run = RunState.Stopped;
                    throw;
                }
                _fabric.Directory.SetClientPort(NodeId, port);
                return port;
            }
        }

        /// <summary>Crashes the node: closes the listener and every client socket; replication links to and from it go down.</summary>
        public void Stop()
        {
            lock (_lifecycle)
            {
                _server.Stop();
                _server.Resume(); // a crashed process restarts unfrozen; queued commands died with the sockets
                lock (_fabric.Gate)
                {
                    _run = RunState.Stopped;
                    _link?.Drop();
                    _pendingLink = null;
                    ClearFailoverLocked();
                }
            }
        }

        /// <summary>Freezes the node as a stopped process would be: sockets stay open, nothing is accepted or answered, replication stalls.</summary>
        public void Pause()
        {
            lock (_lifecycle)
            {
                if (!_server.IsListening) throw new InvalidOperationException($"node '{NodeId}' is not running");
                lock (_fabric.Gate) _run = RunState.Paused;
                _server.Pause();
            }
        }

        /// <summary>Continues a paused node: queued connections and commands are taken up.</summary>
        public void Resume()
        {
            lock (_lifecycle)
            {
                lock (_fabric.Gate)
                {
                    if (_run == RunState.Paused) _run = RunState.Running;
                }
                _server.Resume();
            }
        }

        /// <summary>
        /// The election adopted <paramref name="primaryId"/> as primary (call on a change of primary, not on
        /// every heartbeat): the data plane replicates from it and writes are fenced. Naming this node
        /// is <see cref="Promote"/>.
        /// </summary>
        public void Follow(string primaryId)
        {
            if (primaryId is null) throw new ArgumentNullException(nameof(primaryId));
            if (primaryId == NodeId)
            {
                Promote();
                return;
            }
            _fabric.Directory.Get(primaryId);
            lock (_fabric.Gate)
            {
                _fenced = true;
                _promotionStartedAt = null;
                if ((_pendingLink ?? _link)?.SourceId != primaryId) RetargetLocked(NewLink(primaryId));
            }
        }

        /// <summary>
        /// The election made this node primary: writes open at once. A data-plane replica stops
        /// following and becomes a master after <see cref="LabDataPlaneOptions.PromotionDelay"/>, so INFO
        /// can still say <c>role:slave</c> for a while, as the reference does after a crash election.
        /// </summary>
        public void Promote()
        {
            lock (_fabric.Gate)
            {
                _fenced = false;
                InstallPendingLinkLocked();
                if (_link == null || _promotionStartedAt != null) return;
                FlushReceivedLocked();
                _link.Drop();
                _promotionStartedAt = _fabric.Now;
                _generation = _fabric.NewGeneration(); // a new feed from the moment writes open
                if (_fabric.Options.PromotionDelay == TimeSpan.Zero) BecomeMasterLocked();
            }
        }

        /// <summary>A snapshot of the data plane's state.</summary>
        public LabDataPlaneStatus GetStatus()
        {
            lock (_fabric.Gate)
            {
                return new LabDataPlaneStatus(NodeId, _run != RunState.Stopped, _run == RunState.Paused, _link == null,
                    _link?.SourceId, _link?.State ?? LabLinkState.Connect, _log.Count, LagFramesLocked(), _fenced,
                    _quiesceTo != null, _promotionStartedAt != null,
                    _fabric.ReplicasOfLocked(NodeId).Select(n => n.NodeId).ToArray(), IsLoadingLocked);
            }
        }

        /// <summary>Stops the node and leaves the fabric.</summary>
        public void Dispose()
        {
            lock (_lifecycle)
            {
                if (_disposed) return;
                _disposed = true;
            }
            Stop();
            _fabric.Unregister(this);
        }

        internal bool IsUpLocked => _run != RunState.Stopped;

        /// <summary>
        /// Points this node at another source as kevy does: it stops its replica runners, is no replica (and takes writes,
        /// which its resync then discards) for <see cref="LabDataPlaneOptions.RetargetGap"/>, then follows the new source.
        /// </summary>
        private void RetargetLocked(LabReplicationLink link)
        {
            if (_fabric.Options.RetargetGap == TimeSpan.Zero)
            {
                _pendingLink = null;
                _link = link;
                return;
            }
            _link = null;
            _fenced = false;
            _pendingLink = link;
            _pendingLinkDue = _fabric.Now + _fabric.Options.RetargetGap;
        }

        /// <summary>Ends a retarget's gap: the pending link becomes the node's link, and writes are refused again.</summary>
        private void InstallPendingLinkLocked()
        {
            if (_pendingLink == null) return;
            _link = _pendingLink;
            _pendingLink = null;
            _fenced = true;
        }

        private LabReplicationLink NewLink(string sourceId)
        {
            PeerSpec peer = _fabric.Directory.Get(sourceId);
            return new LabReplicationLink(peer.Host, peer.ReplicationPort, peer.Id);
        }

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(LabDataPlane), $"node '{NodeId}' is disposed");
        }
    }
}
