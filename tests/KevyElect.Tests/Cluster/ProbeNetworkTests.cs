using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;
using KevyElect.Cluster;
using KevyElect.Observe;

namespace KevyElect.Tests.Cluster;

/// <summary>PeerProbe against lab data planes and plain listeners on loopback.</summary>
/// <remarks>Timed against the probe timeout, so these run in the lab-socket collection, not beside it.</remarks>
[Collection(KevyElect.Tests.Lab.LabRestartCollection.Name)]
public sealed class ProbeNetworkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(1000);

    /// <summary>
    /// A port nothing listens on, held bound (never listening) until disposed: a connect is refused, and no listener of a
    /// test running beside this one can take the port meanwhile (a released port can be handed out again at once).
    /// The process's elect-port checks forget the number: a listener of a test beside this one may have had it a moment
    /// ago, and its answer is reused for a second.
    /// </summary>
    private sealed class DeadPort : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        public DeadPort()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            ElectPortChecks.Forget("127.0.0.1", Port);
        }

        public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

        public void Dispose() => _socket.Dispose();
    }

    /// <summary>A listener whose connections are queued by the kernel and never read or answered.</summary>
    private static TcpListener Blackhole()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start(64);
        return l;
    }

    private static int PortOf(TcpListener l) => ((IPEndPoint)l.LocalEndpoint).Port;

    private static PeerTable With(PeerTable table, params PeerSpec[] extra) => PeerTable.Create(table.Concat(extra));

    [Fact]
    public async Task Steady_lab_gives_each_node_both_views_and_resolves_who_follows_whom()
    {
        using var lab = new ProbeLabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitForLinksUpAsync("n1");
        // A first probe pays the one-off JIT and connection set-up costs, which a loaded machine can stretch past the timeout.
        await PeerProbe.ProbeAsync(lab.Peers, new ProbeOptions { Timeout = Timeout }, CancellationToken.None);

        var rows = await PeerProbe.ProbeAsync(lab.Peers, new ProbeOptions { Timeout = Timeout }, CancellationToken.None);

        Assert.Equal(new[] { "n1", "n2", "n3" }, rows.Select(r => r.NodeId));
        Assert.All(rows, r => { Assert.True(r.Reachable, r.Error); Assert.Null(r.Error); Assert.True(r.RoleAgrees); Assert.NotNull(r.LatencyMs); });
        Assert.Equal(NodeRole.Primary, rows[0].GetElectRole());
        Assert.Equal(new[] { "n2", "n3" }, rows[0].ReplicaIds.OrderBy(x => x));
        foreach (var r in rows.Skip(1))
        {
            Assert.Equal(NodeRole.Replica, r.GetDataRole());
            Assert.Equal("n1", r.FollowsNodeId);
            Assert.Equal("n1", r.DataFollowsNodeId);
            Assert.Equal(lab.Peers.Find("n1")!.ElectAddress, r.FollowsAddress);
        }
        var summary = ClusterSummary.From(lab.Peers, rows);
        Assert.True(summary.GetVerdict() == ClusterVerdict.Healthy, $"{summary.GetVerdict()}: {string.Join("; ", summary.Reasons)}");
    }

    [Fact]
    public async Task A_replica_loading_its_snapshot_is_reachable_and_makes_the_cluster_Degraded_not_NoQuorum()
    {
        // Replicas that answer -LOADING for a minute: each probe finds them loading, as right after a resync on kevy.
        using var lab = new ProbeLabFixture(snapshotLoad: TimeSpan.FromMinutes(1));
        lab.ElectEveryone("n1");
        await ProbeLabFixture.WaitUntilAsync(() => lab.Nodes.Where(n => n.Key != "n1").All(n => n.Value.GetStatus().IsLoading), "both replicas loading");

        var rows = await PeerProbe.ProbeAsync(lab.Peers, new ProbeOptions { Timeout = Timeout }, CancellationToken.None);

        Assert.All(rows.Where(r => r.NodeId != "n1"), r =>
        {
            Assert.True(r.IsLoading, r.NodeId);
            Assert.True(r.Reachable, r.Error);
            Assert.Null(r.Error);
            Assert.Equal(NodeRole.Replica, r.GetDataRole());
        });
        var summary = ClusterSummary.From(lab.Peers, rows);
        Assert.Equal(3, summary.ReachableCount);
        Assert.Equal(ClusterVerdict.Degraded, summary.GetVerdict());
        Assert.Contains(summary.Reasons, reason => reason.StartsWith("n2 is loading its primary's snapshot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dead_node_gets_a_refused_error_on_its_row_within_one_timeout_and_the_others_are_intact()
    {
        using var lab = new ProbeLabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitForLinksUpAsync("n1");
        using var deadElect = new DeadPort();
        using var deadClient = new DeadPort();
        var table = With(lab.Peers, new PeerSpec("n4", "127.0.0.1", deadElect.Port, deadClient.Port));

        var clock = Stopwatch.StartNew();
        var rows = await PeerProbe.ProbeAsync(table, new ProbeOptions { Timeout = Timeout }, CancellationToken.None);
        clock.Stop();

        Assert.True(clock.Elapsed < Timeout, $"took {clock.Elapsed}");
        var n4 = rows.Single(r => r.NodeId == "n4");
        Assert.False(n4.Reachable);
        Assert.False(n4.DataReachable);
        Assert.False(n4.ElectReachable);
        Assert.True(n4.ConnectionFailed);
        Assert.Equal(NodeRole.Unknown, n4.GetElectRole());
        Assert.StartsWith("connection refused", n4.Error);
        Assert.Contains($": n4 at 127.0.0.1:{table.Find("n4")!.ClientPort}", n4.Error);
        Assert.Contains("n4 elect port", n4.Error);
        Assert.All(rows.Where(r => r.NodeId != "n4"), r => Assert.True(r.Reachable, r.Error));
        Assert.Equal(ClusterVerdict.Degraded, ClusterSummary.From(table, rows).GetVerdict());
    }

    [Fact]
    public async Task A_blackholed_node_among_25_costs_about_one_timeout_in_total()
    {
        using var lab = new ProbeLabFixture(nodes: 24);
        lab.ElectEveryone("n1");
        await lab.WaitForLinksUpAsync("n1");
        using var _ = new Disposer(Blackhole(), out var hole);
        var table = With(lab.Peers, new PeerSpec("n25", "127.0.0.1", PortOf(hole), PortOf(hole)));
        // A first probe of the healthy nodes pays the one-off JIT and connection set-up costs.
        await PeerProbe.ProbeAsync(lab.Peers, new ProbeOptions { Timeout = Timeout }, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var rows = await PeerProbe.ProbeAsync(table, new ProbeOptions { Timeout = Timeout }, CancellationToken.None);
        clock.Stop();

        Assert.Equal(25, rows.Count);
        Assert.True(clock.Elapsed < Timeout * 1.5, $"took {clock.Elapsed}");
        Assert.True(clock.Elapsed >= Timeout * 0.9, $"took {clock.Elapsed}: the silent node was not waited for");
        var n25 = rows.Single(r => r.NodeId == "n25");
        Assert.False(n25.DataReachable);
        Assert.True(n25.ElectReachable); // the kernel accepts the connect
        Assert.True(n25.ConnectionFailed);
        Assert.Contains("no reply within", n25.Error);
        Assert.All(rows.Where(r => r.NodeId != "n25"), r => Assert.True(r.Reachable, r.Error));
    }

    [Fact]
    public async Task Cancellation_ends_a_probe_of_a_silent_node_promptly()
    {
        using var _ = new Disposer(Blackhole(), out var hole);
        var table = PeerTable.Create(new[] { new PeerSpec("n1", "127.0.0.1", PortOf(hole), PortOf(hole)) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            PeerProbe.ProbeAsync(table, new ProbeOptions { Timeout = TimeSpan.FromSeconds(10) }, cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_live_data_plane_with_a_dead_elect_port_is_not_reachable_and_says_why()
    {
        using var lab = new ProbeLabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitForLinksUpAsync("n1");
        var n3 = lab.Peers.Find("n3")!;
        using var dead = new DeadPort();
        var table = PeerTable.Create(lab.Peers.Select(p => p.Id == "n3" ? new PeerSpec("n3", p.Host, dead.Port, p.ClientPort) : p));

        var rows = await PeerProbe.ProbeAsync(table, new ProbeOptions { Timeout = Timeout }, CancellationToken.None);

        var row = rows.Single(r => r.NodeId == "n3");
        Assert.True(row.DataReachable);
        Assert.False(row.ElectReachable);
        Assert.False(row.Reachable);
        Assert.Equal(NodeRole.Replica, row.GetElectRole());
        Assert.Contains(": n3 elect port 127.0.0.1:", row.Error);
        Assert.Contains("connection refused", row.Error);
    }

    [Fact]
    public async Task An_error_reply_is_a_probe_failure_not_a_connection_failure()
    {
        using var server = new LoadingServer();
        using var _ = new Disposer(Blackhole(), out var elect);
        var table = PeerTable.Create(new[] { new PeerSpec("n1", "127.0.0.1", PortOf(elect), server.Port) });

        var rows = await PeerProbe.ProbeAsync(table, new ProbeOptions { Timeout = Timeout }, CancellationToken.None);

        var row = Assert.Single(rows);
        Assert.False(row.DataReachable);
        Assert.False(row.ConnectionFailed);
        Assert.StartsWith("ROLE failed: -LOADING", row.Error);
        Assert.EndsWith($": n1 at 127.0.0.1:{server.Port}", row.Error);
        Assert.Contains("INFO replication failed: -LOADING", row.Error);
    }

    [Fact]
    public async Task Node_filter_probes_only_the_named_members()
    {
        using var lab = new ProbeLabFixture();
        lab.ElectEveryone("n2");
        var rows = await PeerProbe.ProbeAsync(lab.Peers, new ProbeOptions { Timeout = Timeout, NodeIds = new[] { "n3", "nope" } }, CancellationToken.None);
        var row = Assert.Single(rows);
        Assert.Equal("n3", row.NodeId);
        Assert.Equal("n2", row.FollowsNodeId);
    }

    [Fact]
    public async Task Bad_options_are_refused()
    {
        var table = SummaryRows.Table();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PeerProbe.ProbeAsync(table, new ProbeOptions { Timeout = TimeSpan.Zero }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => PeerProbe.ProbeAsync(null!, null, CancellationToken.None));
    }

    private sealed class Disposer : IDisposable
    {
        private readonly TcpListener _listener;
        public Disposer(TcpListener listener, out TcpListener same) { _listener = listener; same = listener; }
        public void Dispose() => _listener.Stop();
    }

    /// <summary>Answers every command with -LOADING, as a node still loading its data set does.</summary>
    private sealed class LoadingServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public LoadingServer()
        {
            _listener.Start();
            Port = PortOf(_listener);
            _loop = Task.Run(AcceptAsync);
        }

        public int Port { get; }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = Task.Run(() => ServeAsync(client));
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested) { }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        int n = await stream.ReadAsync(buffer, _stop.Token);
                        if (n == 0) return;
                        // One reply per command: each RESP command array starts with '*'.
                        int commands = buffer.Take(n).Count(b => b == (byte)'*');
                        for (int i = 0; i < commands; i++)
                            await stream.WriteAsync(Encoding.ASCII.GetBytes("-LOADING kevy is loading the dataset in memory\r\n"), _stop.Token);
                    }
                }
                catch (Exception) when (_stop.IsCancellationRequested) { }
                catch (IOException) { }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        }
    }
}
