using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using KevyElect.Cluster;
using KevyElect.Net;

namespace KevyElect.Observe
{
    /// <summary>
    /// Data-plane connections kept open between probes, one per node, so a probe costs ROLE and INFO and not a TCP
    /// handshake and teardown per node. A watch keeps its own for as long as it runs (a fleet watch probes hundreds of
    /// nodes a second); <see cref="Shared"/> keeps a few for the one-shot probes of this process (a runbook polling
    /// Get-KevyElectPeer, Wait-KevyElectCluster), each for a short idle time. A connection that failed is never kept; one
    /// the node closed while idle is dropped when taken, and <see cref="PeerProbe"/> retries one that the node closed
    /// meanwhile on a fresh connection.
    /// </summary>
    internal sealed class ProbeConnections : IDisposable
    {
        /// <summary>How long <see cref="Shared"/> keeps an idle connection.</summary>
        public static readonly TimeSpan SharedIdleLimit = TimeSpan.FromSeconds(10);

        /// <summary>The most idle connections <see cref="Shared"/> keeps (a fleet probe of hundreds of nodes keeps these and closes the rest).</summary>
        public const int SharedCapacity = 64;

        /// <summary>The one-shot probes' connections: up to <see cref="SharedCapacity"/>, each closed after <see cref="SharedIdleLimit"/> idle.</summary>
        public static ProbeConnections Shared { get; } = new ProbeConnections(SharedIdleLimit, SharedCapacity, trustsElectPort: false);

        private readonly ConcurrentDictionary<string, Kept> _idle = new ConcurrentDictionary<string, Kept>(StringComparer.OrdinalIgnoreCase);
        private readonly TimeSpan? _idleLimit;
        private readonly int _capacity;
        private readonly object _sweepLock = new object();
        private Timer? _sweep;
        private volatile bool _disposed;

        /// <summary>A watch's connections: kept until disposed, and trusted to say the node's process lives.</summary>
        public ProbeConnections() : this(null, int.MaxValue, trustsElectPort: true)
        {
        }

        /// <summary>Connections kept for at most <paramref name="idleLimit"/> idle (null: until disposed), at most <paramref name="capacity"/> at once.</summary>
        internal ProbeConnections(TimeSpan? idleLimit, int capacity, bool trustsElectPort)
        {
            _idleLimit = idleLimit;
            _capacity = capacity;
            TrustsElectPort = trustsElectPort;
        }

        /// <summary>
        /// Whether a node that answers on a kept connection has its elect port trusted for <see cref="ElectPortChecks.TrustedInterval"/>
        /// (a watch polls steadily); one-shot probes keep the shorter <see cref="ElectPortChecks.MinInterval"/>.
        /// </summary>
        public bool TrustsElectPort { get; }

        /// <summary>Idle connections kept now.</summary>
        public int Count => _idle.Count;

        /// <summary>
        /// The kept connection to <paramref name="peer"/>'s client port, taken out of the pool, or null: none is kept, it was
        /// idle too long, or the node closed it (or sent something unasked) while it was idle.
        /// </summary>
        public KevyConnection? Take(PeerSpec peer)
        {
            if (!_idle.TryRemove(peer.ClientAddress, out Kept kept)) return null;
            if (IsExpired(kept) || !kept.Connection.IsQuiet())
            {
                kept.Connection.Dispose();
                return null;
            }
            return kept.Connection;
        }

        /// <summary>Keeps <paramref name="connection"/> for the next probe, or closes it (the pool is full or disposed, or one is kept already).</summary>
        public void Return(PeerSpec peer, KevyConnection connection)
        {
            if (_disposed || !connection.IsUsable || _idle.Count >= _capacity || !_idle.TryAdd(peer.ClientAddress, new Kept(connection)))
            {
                connection.Dispose();
                return;
            }
            if (_disposed && _idle.TryRemove(peer.ClientAddress, out Kept late)) late.Connection.Dispose();
            if (_idleLimit != null) EnsureSweep();
        }

        /// <summary>Closes every idle connection kept longer than the idle limit; stops sweeping once none is kept.</summary>
        internal void Sweep()
        {
            foreach (var entry in _idle)
            {
                if (IsExpired(entry.Value) && _idle.TryRemove(entry.Key, out Kept kept)) kept.Connection.Dispose();
            }
            lock (_sweepLock)
            {
                if (_idle.IsEmpty && _sweep != null)
                {
                    _sweep.Dispose();
                    _sweep = null;
                }
            }
            // A return racing the stop above started its own sweep, or finds none and starts one.
            if (!_idle.IsEmpty) EnsureSweep();
        }

        /// <summary>Closes every idle connection kept now; the pool keeps connections again afterwards.</summary>
        public void CloseIdle()
        {
            foreach (string key in _idle.Keys)
            {
                if (_idle.TryRemove(key, out Kept kept)) kept.Connection.Dispose();
            }
        }

        /// <summary>Closes every kept connection; later returns are closed at once.</summary>
        public void Dispose()
        {
            _disposed = true;
            lock (_sweepLock)
            {
                _sweep?.Dispose();
                _sweep = null;
            }
            CloseIdle();
        }

        private bool IsExpired(Kept kept) => _idleLimit != null && kept.Idle.Elapsed >= _idleLimit.Value;

        private void EnsureSweep()
        {
            lock (_sweepLock)
            {
                if (_sweep != null || _disposed) return;
                // Half the limit: an idle connection is closed between one and one and a half limits after its last use.
                TimeSpan period = TimeSpan.FromTicks(_idleLimit!.Value.Ticks / 2);
                _sweep = new Timer(_ => Sweep(), null, period, period);
            }
        }

        private readonly struct Kept
        {
            public Kept(KevyConnection connection)
            {
                Connection = connection;
                Idle = Stopwatch.StartNew();
            }

            public KevyConnection Connection { get; }

            public Stopwatch Idle { get; }
        }
    }
}
