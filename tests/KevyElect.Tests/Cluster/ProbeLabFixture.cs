using System.Net;
using System.Net.Sockets;
using KevyElect.Cluster;
using KevyElect.Lab;
using KevyElect.Tests.Lab.DataPlane;

namespace KevyElect.Tests.Cluster;

/// <summary>
/// The data-plane lab fixture (<see cref="LabFixture"/>) on free ports with the server's own timings, plus real elect
/// listeners (plain TcpListeners that accept and read nothing, like the reference's elect port), so both planes of a
/// probe have something to reach.
/// </summary>
internal sealed class ProbeLabFixture : IDisposable
{
    private readonly Dictionary<string, TcpListener> _elect = new();
    private readonly LabFixture _lab;

    public ProbeLabFixture(int nodes = 3, string? configuredPrimary = "n1", TimeSpan? snapshotLoad = null)
    {
        var peers = new List<PeerSpec>();
        for (int i = 1; i <= nodes; i++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            _elect["n" + i] = listener;
            peers.Add(new PeerSpec("n" + i, "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, 0));
        }
        _lab = new LabFixture(peers, configuredPrimary, new LabDataPlaneOptions
        {
            TickInterval = TimeSpan.FromMilliseconds(2),
            PromotionDelay = TimeSpan.Zero,
            SnapshotLoad = snapshotLoad ?? new LabDataPlaneOptions().SnapshotLoad,
        });
        Peers = PeerTable.Create(Directory.Peers);
    }

    public LabPeerDirectory Directory => _lab.Directory;
    public LabReplicationFabric Fabric => _lab.Fabric;
    public Dictionary<string, FakeElectionView> Views => _lab.Views;
    public Dictionary<string, LabDataPlane> Nodes => _lab.Nodes;

    /// <summary>The table with the bound ports.</summary>
    public PeerTable Peers { get; }

    /// <summary>Every elector names <paramref name="primaryId"/> and the data planes follow it.</summary>
    public void ElectEveryone(string primaryId) => _lab.ElectEveryone(primaryId);

    /// <summary>
    /// Waits until every other node replicates from <paramref name="primaryId"/> with its link up and its snapshot
    /// loaded. The primary lists a replica from the handshake on, while the replica's INFO still says the link is down;
    /// after the resync the replica answers ROLE with -LOADING for a moment, as kevy does.
    /// </summary>
    public Task WaitForLinksUpAsync(string primaryId) =>
        WaitUntilAsync(() => Nodes.Where(n => n.Key != primaryId).All(n =>
        {
            LabDataPlaneStatus status = n.Value.GetStatus();
            return status.SourceId == primaryId && status.LinkState == LabLinkState.Connected && !status.IsLoading;
        }), $"every replica's link to {primaryId} up and its snapshot loaded");

    /// <summary>A crash: the client port and the elect port stop listening.</summary>
    public void Kill(string id)
    {
        Nodes[id].Stop();
        _elect[id].Stop();
    }

    /// <inheritdoc cref="LabFixture.WaitUntilAsync"/>
    public static Task WaitUntilAsync(Func<bool> condition, string what) => LabFixture.WaitUntilAsync(condition, what);

    public void Dispose()
    {
        _lab.Dispose();
        foreach (var l in _elect.Values) l.Stop();
    }
}
