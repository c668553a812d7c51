using System;
using System.Collections.Generic;
using System.Linq;
using KevyElect.Cluster;

namespace KevyElect.Lab
{
    /// <summary>
    /// The lab's peers by id: host, client port and elect port. A client port of 0 is filled in
    /// when that node's listener binds an ephemeral port.
    /// </summary>
    public sealed class LabPeerDirectory
    {
        private readonly object _sync = new object();
        private readonly List<PeerSpec> _peers;

        /// <summary>Creates a directory. Ids must be unique and non-empty.</summary>
        public LabPeerDirectory(IEnumerable<PeerSpec> peers)
        {
            if (peers is null) throw new ArgumentNullException(nameof(peers));
            _peers = peers.ToList();
            if (_peers.Count == 0) throw new ArgumentException("the lab needs at least one peer", nameof(peers));
            foreach (var p in _peers)
            {
                if (p.Id.Length == 0) throw new ArgumentException("a peer id is empty", nameof(peers));
                if (_peers.Count(q => q.Id == p.Id) > 1) throw new ArgumentException($"peer id '{p.Id}' appears twice", nameof(peers));
            }
        }

        /// <summary>Every peer, in declaration order.</summary>
        public IReadOnlyList<PeerSpec> Peers
        {
            get { lock (_sync) return _peers.ToArray(); }
        }

        /// <summary>The peer with this id, or null.</summary>
        public PeerSpec? Find(string id)
        {
            lock (_sync) return _peers.FirstOrDefault(p => p.Id == id);
        }

        /// <summary>The peer with this id; throws naming the id when it is not in the directory.</summary>
        public PeerSpec Get(string id) =>
            Find(id) ?? throw new ArgumentException($"node '{id}' is not in the lab's peer directory", nameof(id));

        /// <summary>The peer at <paramref name="host"/> whose client or replication port is <paramref name="port"/>, or null.</summary>
        public PeerSpec? FindByDataEndpoint(string host, int port)
        {
            lock (_sync)
            {
                return _peers.FirstOrDefault(p => string.Equals(p.Host, host, StringComparison.OrdinalIgnoreCase)
                    && (p.ClientPort == port || p.ReplicationPort == port));
            }
        }

        /// <summary>Position of the id in declaration order (int.MaxValue when absent).</summary>
        internal int IndexOf(string id)
        {
            lock (_sync)
            {
                int i = _peers.FindIndex(p => p.Id == id);
                return i < 0 ? int.MaxValue : i;
            }
        }

        /// <summary>Records the client port a node actually bound.</summary>
        internal void SetClientPort(string id, int port)
        {
            lock (_sync)
            {
                int i = _peers.FindIndex(p => p.Id == id);
                if (i < 0) throw new ArgumentException($"node '{id}' is not in the lab's peer directory", nameof(id));
                var p = _peers[i];
                _peers[i] = new PeerSpec(p.Id, p.Host, p.ElectPort, port);
            }
        }
    }
}
