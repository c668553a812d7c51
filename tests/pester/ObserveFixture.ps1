# Dot-sourced by the Get-KevyElectPeer and Watch-KevyElectCluster tests: a small cluster of lab data
# planes on loopback with a test-controlled elector per node and a plain listener on each elect port
# (the Pester twin of the xunit ProbeLabFixture). Waits go through LabFixture.ps1's Wait-TestCondition.
. (Join-Path $PSScriptRoot 'LabFixture.ps1')
if (-not ('KevyElectObserveTests.Cluster' -as [type])) {
    $kevy = [KevyElect.Cluster.PeerTable].Assembly.Location
    $labAssembly = [KevyElect.Lab.LabCluster].Assembly.Location
    Add-Type -ReferencedAssemblies $kevy, $labAssembly, 'netstandard', 'System.Net.Primitives', 'System.Net.Sockets', 'System.Collections', 'System.Linq', 'System.Net.NetworkInformation', 'System.Threading.Tasks' -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using KevyElect.Cluster;
using KevyElect.Lab;

namespace KevyElectObserveTests
{
    public sealed class View : ILabElectionView
    {
        private volatile bool _primary;
        private volatile string _known;
        public View(string id) { NodeId = id; }
        public string NodeId { get; private set; }
        public bool IsElectedPrimary { get { return _primary; } }
        public bool HasWriteQuorum { get { return true; } }
        public string KnownPrimaryId { get { return _known; } }
        public void Elect(string id) { _known = id; _primary = id == NodeId; }
    }

    public sealed class Cluster : IDisposable
    {
        private readonly Dictionary<string, TcpListener> _elect = new Dictionary<string, TcpListener>();
        private readonly Dictionary<string, View> _views = new Dictionary<string, View>();
        private readonly Dictionary<string, LabDataPlane> _nodes = new Dictionary<string, LabDataPlane>();
        private readonly LabReplicationFabric _fabric;

        public Cluster(int count) : this(count, 0) { }

        /// <summary><paramref name="applyDelayMs"/>: how long replicas hold a write before applying it (lag).</summary>
        public Cluster(int count, int applyDelayMs)
        {
            var peers = new List<PeerSpec>();
            for (int i = 1; i <= count; i++)
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                _elect["n" + i] = l;
                peers.Add(new PeerSpec("n" + i, "127.0.0.1", ((IPEndPoint)l.LocalEndpoint).Port, 0));
            }
            var directory = new LabPeerDirectory(peers);
            _fabric = new LabReplicationFabric(directory, new LabDataPlaneOptions
            {
                TickInterval = TimeSpan.FromMilliseconds(2),
                PromotionDelay = TimeSpan.Zero,
                ApplyDelay = TimeSpan.FromMilliseconds(applyDelayMs),
                // Scripted scenarios need replicas that answer at once: no -LOADING moment after the first full resync.
                SnapshotLoad = TimeSpan.Zero,
            });
            foreach (var p in peers)
            {
                _views[p.Id] = new View(p.Id);
                _nodes[p.Id] = new LabDataPlane(_fabric, _views[p.Id], "n1");
                _nodes[p.Id].Start();
            }
            Peers = PeerTable.Create(directory.Peers);
        }

        public PeerTable Peers { get; private set; }

        public void ElectEveryone(string id)
        {
            foreach (var n in _nodes) { _views[n.Key].Elect(id); n.Value.Follow(id); }
        }

        public void Elect(string id, params string[] voters)
        {
            foreach (var v in voters) { _views[v].Elect(id); _nodes[v].Follow(id); }
        }

        public void Kill(string id) { _nodes[id].Stop(); _elect[id].Stop(); }

        // Scheduled on the thread pool, so a test can change the cluster while a watch holds the pipeline.
        public void KillAfter(string id, int ms) { System.Threading.Tasks.Task.Delay(ms).ContinueWith(t => Kill(id)); }

        public void ElectAfter(string id, int ms, params string[] voters)
        {
            System.Threading.Tasks.Task.Delay(ms).ContinueWith(t => Elect(id, voters));
        }

        /// <summary>Established connections from this process to any port of the cluster.</summary>
        public int OpenConnections()
        {
            var ports = new HashSet<int>(Peers.SelectMany(p => new[] { p.ClientPort, p.ElectPort }));
            return System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
                .Count(c => c.State == System.Net.NetworkInformation.TcpState.Established && ports.Contains(c.RemoteEndPoint.Port));
        }

        /// <summary>After <paramref name="ms"/>, SETs <paramref name="count"/> keys on <paramref name="id"/>'s client port.</summary>
        public void WriteAfter(string id, int count, int ms)
        {
            var peer = Peers.Find(id);
            System.Threading.Tasks.Task.Run(async () =>
            {
                await System.Threading.Tasks.Task.Delay(ms);
                using (var c = await KevyElect.Net.KevyConnection.ConnectAsync(peer.Host, peer.ClientPort, TimeSpan.FromSeconds(2), System.Threading.CancellationToken.None))
                    for (int i = 0; i < count; i++)
                        await c.ExecuteAsync(TimeSpan.FromSeconds(2), System.Threading.CancellationToken.None, "SET", "k" + i, "v");
            });
        }

        public int ReplicaCount(string id) { return _nodes[id].GetStatus().ReplicaIds.Count; }

        /// <summary>Every other node replicates from <paramref name="id"/> with its link up and its snapshot loaded.</summary>
        public bool Settled(string id)
        {
            return _nodes.Where(n => n.Key != id).All(n =>
            {
                var s = n.Value.GetStatus();
                return s.SourceId == id && s.LinkState == LabLinkState.Connected && !s.IsLoading;
            });
        }

        public void Dispose()
        {
            foreach (var n in _nodes.Values) n.Dispose();
            _fabric.Dispose();
            foreach (var l in _elect.Values) l.Stop();
        }
    }
}
'@
}

function script:New-ObserveCluster {
    param([int] $Count = 3, [string] $Primary = 'n1')
    $cluster = [KevyElectObserveTests.Cluster]::new($Count)
    if ($Primary) {
        $cluster.ElectEveryone($Primary)
        Wait-TestCondition -Because "every replica following $Primary with its snapshot loaded" -TimeoutMs 5000 -Condition { $cluster.ReplicaCount($Primary) -ge $Count - 1 -and $cluster.Settled($Primary) }
    }
    $cluster
}

function script:Get-DeadPort {
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
    $port
}
