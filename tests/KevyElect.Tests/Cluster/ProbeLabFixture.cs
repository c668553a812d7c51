using System.Net;
using System.Net.Sockets;
using KevyElect.Cluster;
using KevyElect.Lab;

namespace KevyElect.Tests.Cluster;

/// <summary>An elector stand-in for the probe tests: the test says who is primary.</summary>
internal sealed class ProbeElectionView : ILabElectionView
{
    private volatile bool _primary;
    private volatile string? _known;

    public ProbeElectionView(string nodeId) => NodeId = nodeId;

    public string NodeId { get; }
    public bool IsElectedPrimary => _primary;
    public bool HasWriteQuorum => true;
    public string? KnownPrimaryId => _known;

    public void Elect(string primaryId)
    {
        _known = primaryId;
        _primary = primaryId == NodeId;
    }
}

/// <summary>
/// Lab data planes on loopback with real elect listeners (plain TcpListeners that accept and read
/// nothing, like the reference's elect port), so both planes of a probe have something to reach.
/// </summary>
internal sealed class ProbeLabFixture : IDisposable
{
    private readonly Dictionary<string, TcpListener> _elect = new();

    public ProbeLabFixture(int nodes = 3, string? configuredPrimary = "n1")
    {
        var peers = new List<PeerSpec>();
        for (int i = 1; i <= nodes; i++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            _elect["n" + i] = listener;
            peers.Add(new PeerSpec("n" + i, "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, 0));
        }
        Directory = new LabPeerDirectory(peers);
        Fabric = new LabReplicationFabric(Directory, new LabDataPlaneOptions
        {
            TickInterval = TimeSpan.FromMilliseconds(2),
            PromotionDelay = TimeSpan.Zero,
        });
        foreach (var p in peers)
        {
            var view = new ProbeElectionView(p.Id);
            Views[p.Id] = view;
            Nodes[p.Id] = new LabDataPlane(Fabric, view, configuredPrimary);
            Nodes[p.Id].Start();
        }
        Peers = PeerTable.Create(Directory.Peers);
    }

    public LabPeerDirectory Directory { get; }
    public LabReplicationFabric Fabric { get; }
    public Dictionary<string, ProbeElectionView> Views { get; } = new();
    public Dictionary<string, LabDataPlane> Nodes { get; } = new();

    /// <summary>The table with the bound ports.</summary>
    public PeerTable Peers { get; }

    /// <summary>Every elector names <paramref name="primaryId"/> and the data planes follow it.</summary>
    public void ElectEveryone(string primaryId)
    {
        foreach (var (id, view) in Views)
        {
            view.Elect(primaryId);
            Nodes[id].Follow(primaryId);
        }
    }

    /// <summary>
    /// Waits until every other node replicates from <paramref name="primaryId"/> with its link up. The
    /// primary lists a replica from the handshake on, while the replica's INFO still says the link is down.
    /// </summary>
    public Task WaitForLinksUpAsync(string primaryId) =>
        WaitUntilAsync(() => Nodes.Where(n => n.Key != primaryId).All(n =>
        {
            LabDataPlaneStatus status = n.Value.GetStatus();
            // A replica answers -LOADING for a moment after its full resync, as kevy does: wait that out too.
            return status.SourceId == primaryId && status.LinkState == LabLinkState.Connected && !status.IsLoading;
        }), $"every replica's link to {primaryId} up and its snapshot loaded");

    /// <summary>A crash: the client port and the elect port stop listening.</summary>
    public void Kill(string id)
    {
        Nodes[id].Stop();
        _elect[id].Stop();
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing after 5 s.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Xunit.Assert.Fail("timed out waiting for: " + what);
            await Task.Delay(5);
        }
    }

    public void Dispose()
    {
        foreach (var n in Nodes.Values) n.Dispose();
        Fabric.Dispose();
        foreach (var l in _elect.Values) l.Stop();
    }
}
