using System.Net;
using System.Net.Sockets;
using System.Text;
using KevyElect.Cluster;
using KevyElect.Observe;
using KevyElect.Tests.Net;
using Xunit;

namespace KevyElect.Tests.Cluster;

/// <summary>
/// Probes keep each node's data-plane connection for the next probe: one handshake for many probes, never a connection
/// that failed, one the node closed, one idle past the limit, or more than the pool holds.
/// </summary>
public sealed class ProbeConnectionReuseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly ProbeOptions Options = new() { Timeout = Timeout };

    private static readonly byte[] RoleMaster = Encoding.ASCII.GetBytes("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");
    private static readonly byte[] InfoMaster = Bulk("# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_repl_offset:0\r\n");

    private static byte[] Bulk(string text) => Encoding.ASCII.GetBytes($"${text.Length}\r\n{text}\r\n");

    private static byte[] Answer(string[] command) => string.Equals(command[0], "ROLE", StringComparison.OrdinalIgnoreCase) ? RoleMaster : InfoMaster;

    /// <summary>A node: a data plane answering ROLE and INFO as a lone primary, and an elect port that accepts.</summary>
    private sealed class FakeNode : IAsyncDisposable
    {
        private readonly TcpListener _elect = new(IPAddress.Loopback, 0);

        public FakeNode(string id, TinyServer dataPlane)
        {
            DataPlane = dataPlane;
            _elect.Start();
            Spec = $"{id}@127.0.0.1:{((IPEndPoint)_elect.LocalEndpoint).Port}:{dataPlane.Port}";
        }

        public TinyServer DataPlane { get; }

        public string Spec { get; }

        public async ValueTask DisposeAsync()
        {
            _elect.Stop();
            await DataPlane.DisposeAsync();
        }
    }

    /// <summary>Answers the probe's ROLE and INFO once, then closes the connection, as a restarting node does.</summary>
    private static TinyServer AnswersOnceThenCloses() => new(async (socket, ct) =>
    {
        var pending = new List<byte>();
        for (int i = 0; i < 2; i++)
        {
            string[]? command = await TinyServer.ReadCommandAsync(socket, pending, ct);
            if (command is null) return;
            await socket.SendAsync(Answer(command), SocketFlags.None, ct);
        }
        socket.Shutdown(SocketShutdown.Both);
        socket.Close();
    });

    private static ProbeConnections Pool(TimeSpan? idleLimit = null, int capacity = 8) => new(idleLimit, capacity, trustsElectPort: false);

    private static async Task<PeerStatus> ProbeOneAsync(PeerTable table, ProbeConnections pool) =>
        Assert.Single(await PeerProbe.ProbeAsync(table, Options, pool, CancellationToken.None));

    [Fact]
    public async Task Probes_through_one_pool_share_one_connection_per_node()
    {
        await using var node = new FakeNode("n1", TinyServer.Replying(Answer));
        using var pool = Pool();
        var table = PeerTable.Parse(node.Spec);

        for (int i = 0; i < 3; i++) Assert.Null((await ProbeOneAsync(table, pool)).Error);

        Assert.Equal(1, node.DataPlane.Accepted);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public async Task The_processes_one_shot_probes_share_connections_too()
    {
        await using var node = new FakeNode("n1", TinyServer.Replying(Answer));
        var table = PeerTable.Parse(node.Spec);

        for (int i = 0; i < 3; i++)
            Assert.Null(Assert.Single(await PeerProbe.ProbeAsync(table, Options, CancellationToken.None)).Error);

        Assert.Equal(1, node.DataPlane.Accepted);
    }

    [Fact]
    public async Task A_connection_the_node_closed_while_kept_is_replaced_and_the_probe_reports_no_error()
    {
        await using var node = new FakeNode("n1", AnswersOnceThenCloses());
        using var pool = Pool();
        var table = PeerTable.Parse(node.Spec);
        Assert.Null((await ProbeOneAsync(table, pool)).Error);
        // The node's close reaches this side before the next probe takes the connection, or while it uses it: either
        // way the probe asks on a fresh connection.
        var second = await ProbeOneAsync(table, pool);

        Assert.Null(second.Error);
        Assert.True(second.Reachable);
        Assert.Equal(2, node.DataPlane.Accepted);
    }

    [Fact]
    public async Task A_connection_that_timed_out_is_not_kept()
    {
        await using var node = new FakeNode("n1", TinyServer.Blackhole());
        using var pool = Pool();
        var table = PeerTable.Parse(node.Spec);

        var row = Assert.Single(await PeerProbe.ProbeAsync(table, new ProbeOptions { Timeout = TimeSpan.FromMilliseconds(200) }, pool, CancellationToken.None));

        Assert.Contains("no reply within", row.Error);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_limit()
    {
        await using var node = new FakeNode("n1", TinyServer.Replying(Answer));
        using var pool = Pool(idleLimit: TimeSpan.FromMilliseconds(100));
        var table = PeerTable.Parse(node.Spec);
        Assert.Null((await ProbeOneAsync(table, pool)).Error);
        Assert.Equal(1, pool.Count);

        await Eventually.HoldsAsync(() => pool.Count == 0, TimeSpan.FromSeconds(5), () => $"{pool.Count} connection(s) still kept", TimeSpan.FromMilliseconds(20));
        Assert.Null((await ProbeOneAsync(table, pool)).Error);
        Assert.Equal(2, node.DataPlane.Accepted);
    }

    [Fact]
    public async Task A_full_pool_closes_what_it_cannot_keep()
    {
        await using var a = new FakeNode("n1", TinyServer.Replying(Answer));
        await using var b = new FakeNode("n2", TinyServer.Replying(Answer));
        using var pool = Pool(capacity: 1);
        var table = PeerTable.Parse(a.Spec + "," + b.Spec);

        var rows = await PeerProbe.ProbeAsync(table, Options, pool, CancellationToken.None);

        Assert.All(rows, r => Assert.Null(r.Error));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public async Task A_disposed_pool_closes_what_it_kept_and_keeps_nothing_more()
    {
        await using var node = new FakeNode("n1", TinyServer.Replying(Answer));
        var pool = Pool();
        var table = PeerTable.Parse(node.Spec);
        Assert.Null((await ProbeOneAsync(table, pool)).Error);

        pool.Dispose();
        Assert.Equal(0, pool.Count);
        Assert.Null((await ProbeOneAsync(table, pool)).Error);
        Assert.Equal(0, pool.Count);
        Assert.Equal(2, node.DataPlane.Accepted);
    }

    [Fact]
    public async Task Closing_the_idle_connections_makes_the_next_probe_connect_afresh_and_keep_again()
    {
        await using var node = new FakeNode("n1", TinyServer.Replying(Answer));
        using var pool = Pool();
        var table = PeerTable.Parse(node.Spec);
        Assert.Null((await ProbeOneAsync(table, pool)).Error);

        pool.CloseIdle();
        Assert.Equal(0, pool.Count);
        Assert.Null((await ProbeOneAsync(table, pool)).Error);

        Assert.Equal(1, pool.Count);
        Assert.Equal(2, node.DataPlane.Accepted);
    }
}
