using Xunit;
using KevyElect.Cluster;
using KevyElect.Lab;

namespace KevyElect.Tests.Lab.DataPlane;

/// <summary>
/// Three lab data planes on loopback (n1 configured primary), with fake electors and a
/// connectivity table the test can cut. Elect ports are those of the vectors (never bound).
/// </summary>
internal sealed class LabFixture : IDisposable
{
    private readonly HashSet<(string, string)> _cuts = new();
    private readonly List<RespTestClient> _clients = new();

    /// <summary>
    /// <paramref name="heartbeat"/> (default 20 ms, so the lag gauge is nearly exact) and <paramref name="latency"/> (default 0)
    /// are the replication heartbeat and in-flight time; tests of the reference's stale gauge set the reference's 1 s.
    /// <paramref name="snapshotLoad"/> and <paramref name="retargetGap"/> (default 0: no -LOADING after a resync, no writes
    /// between two upstreams) are set by the tests of those behaviours.
    /// </summary>
    public LabFixture(TimeSpan? applyDelay = null, TimeSpan? promotionDelay = null, int nodes = 3, TimeSpan? heartbeat = null, TimeSpan? latency = null,
        TimeSpan? snapshotLoad = null, TimeSpan? retargetGap = null)
        : this(Enumerable.Range(0, nodes).Select(i => new PeerSpec("n" + (i + 1), "127.0.0.1", 17204 + 10 * i, 0)).ToList(), "n1", new LabDataPlaneOptions
        {
            ApplyDelay = applyDelay ?? TimeSpan.Zero,
            TickInterval = TimeSpan.FromMilliseconds(2),
            PromotionDelay = promotionDelay ?? TimeSpan.Zero,
            ReplicationHeartbeat = heartbeat ?? TimeSpan.FromMilliseconds(20),
            ReplicationLatency = latency ?? TimeSpan.Zero,
            SnapshotLoad = snapshotLoad ?? TimeSpan.Zero,
            RetargetGap = retargetGap ?? TimeSpan.Zero,
        })
    {
    }

    /// <summary>Data planes for <paramref name="peers"/> with these options; <paramref name="configuredPrimary"/> is the one each starts following.</summary>
    public LabFixture(IReadOnlyList<PeerSpec> peers, string? configuredPrimary, LabDataPlaneOptions options)
    {
        Directory = new LabPeerDirectory(peers);
        Options = options;
        Fabric = new LabReplicationFabric(Directory, Options, CanReach);
        foreach (var p in peers)
        {
            var view = new FakeElectionView(p.Id);
            Views[p.Id] = view;
            var node = new LabDataPlane(Fabric, view, configuredPrimary);
            Nodes[p.Id] = node;
            node.Start();
        }
    }

    public LabPeerDirectory Directory { get; }
    public LabDataPlaneOptions Options { get; }
    public LabReplicationFabric Fabric { get; }
    public Dictionary<string, FakeElectionView> Views { get; } = new();
    public Dictionary<string, LabDataPlane> Nodes { get; } = new();

    public int Port(string id) => Directory.Get(id).ClientPort;

    /// <summary>The steady state: every elector names <paramref name="primaryId"/> and the data planes follow.</summary>
    public void ElectEveryone(string primaryId)
    {
        foreach (var (id, view) in Views)
        {
            view.Elect(primaryId);
            Nodes[id].Follow(primaryId);
        }
    }

    public void Cut(string a, string b)
    {
        lock (_cuts) { _cuts.Add((a, b)); _cuts.Add((b, a)); }
    }

    public void Heal()
    {
        lock (_cuts) _cuts.Clear();
    }

    public async Task<RespTestClient> ClientAsync(string id)
    {
        var c = await RespTestClient.ConnectAsync(Port(id));
        lock (_clients) _clients.Add(c);
        return c;
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing after 5 s.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(5), what, TimeSpan.FromMilliseconds(5));

    /// <summary>Waits until every replica of <paramref name="primaryId"/> has applied its offset.</summary>
    public Task WaitCaughtUpAsync(string primaryId, params string[] replicas) => WaitUntilAsync(() =>
    {
        long offset = Nodes[primaryId].GetStatus().Offset;
        return replicas.All(r =>
        {
            var s = Nodes[r].GetStatus();
            return s.LinkState == LabLinkState.Connected && s.Offset == offset;
        });
    }, $"replicas of {primaryId} caught up");

    private bool CanReach(string from, string to)
    {
        lock (_cuts) return !_cuts.Contains((from, to));
    }

    public void Dispose()
    {
        lock (_clients) foreach (var c in _clients) c.Dispose();
        foreach (var n in Nodes.Values) n.Dispose();
        Fabric.Dispose();
    }
}
