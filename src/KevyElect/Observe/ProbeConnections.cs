using System;
using System.Collections.Concurrent;
using KevyElect.Cluster;
using KevyElect.Net;

namespace KevyElect.Observe
{
    /// <summary>
    /// Data-plane connections a watch keeps open between its polls, one per node, so a poll costs ROLE and INFO and not a
    /// TCP handshake and teardown per node (a fleet watch probes hundreds of nodes a second). A connection that fails is
    /// dropped, and <see cref="PeerProbe"/> retries a kept connection that the node closed meanwhile on a fresh one.
    /// </summary>
    internal sealed class ProbeConnections : IDisposable
    {
        private readonly ConcurrentDictionary<string, KevyConnection> _idle = new ConcurrentDictionary<string, KevyConnection>(StringComparer.OrdinalIgnoreCase);
        private volatile bool _disposed;

        /// <summary>The kept connection to <paramref name="peer"/>'s client port, taken out of the pool, or null.</summary>
        public KevyConnection? Take(PeerSpec peer) => _idle.TryRemove(peer.ClientAddress, out KevyConnection? c) ? c : null;

        /// <summary>Keeps <paramref name="connection"/> for the next poll (or closes it once the pool is disposed).</summary>
        public void Return(PeerSpec peer, KevyConnection connection)
        {
            if (_disposed || !_idle.TryAdd(peer.ClientAddress, connection))
            {
                connection.Dispose();
                return;
            }
            if (_disposed && _idle.TryRemove(peer.ClientAddress, out KevyConnection? late)) late.Dispose();
        }

        /// <summary>Closes every kept connection; later returns are closed at once.</summary>
        public void Dispose()
        {
            _disposed = true;
            foreach (string key in _idle.Keys)
            {
                if (_idle.TryRemove(key, out KevyConnection? c)) c.Dispose();
            }
        }
    }
}
