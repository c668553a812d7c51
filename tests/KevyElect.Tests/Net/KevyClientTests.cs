using System.Text;
using KevyElect.DataPlane;
using KevyElect.Net;
using Xunit;

namespace KevyElect.Tests.Net;

public class KevyClientTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    private const string ReplicaRole = "*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:17204\r\n$9\r\nconnected\r\n:3\r\n";
    private const string ReplicaInfo = "$211\r\n# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:27004\r\nmaster_link_status:up\r\n" +
        "master_last_io_seconds_ago:0\r\nmaster_sync_in_progress:0\r\nslave_read_only:1\r\nslave_repl_offset:2\r\nslave_lag_frames:0\r\n\r\n\r\n";

    private static TinyServer FakeReplica() => TinyServer.Replying(cmd => Encoding.UTF8.GetBytes(string.Join(" ", cmd) switch
    {
        "PING" => "+PONG\r\n",
        "ROLE" => ReplicaRole,
        "INFO replication" => ReplicaInfo,
        _ => "-ERR unknown command\r\n",
    }));

    [Fact(Timeout = 10000)]
    public async Task One_shot_queries_parse_the_replies()
    {
        await using var server = FakeReplica();

        RoleReply role = await KevyClient.RoleAsync("127.0.0.1", server.Port, Generous, CancellationToken.None).WaitAsync(Bound);
        ReplicationInfo info = await KevyClient.InfoReplicationAsync("127.0.0.1", server.Port, Generous, CancellationToken.None).WaitAsync(Bound);
        TimeSpan rtt = await KevyClient.PingAsync("127.0.0.1", server.Port, Generous, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(ReplicationRole.Slave, role.Kind);
        Assert.Equal(17204, role.PrimaryPort);
        Assert.Equal(27004, info.MasterPort);
        Assert.Equal(2, info.SlaveReplOffset);
        Assert.InRange(rtt, TimeSpan.Zero, Generous);
        Assert.Equal(3, server.Accepted);
    }

    [Fact(Timeout = 10000)]
    public async Task Queries_share_an_open_connection()
    {
        await using var server = FakeReplica();
        using KevyConnection c = await KevyConnection.ConnectAsync("127.0.0.1", server.Port, Generous, CancellationToken.None);

        await c.PingAsync(Generous, CancellationToken.None).WaitAsync(Bound);
        RoleReply role = await c.RoleAsync(Generous, CancellationToken.None).WaitAsync(Bound);
        ReplicationInfo info = await c.InfoReplicationAsync(Generous, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(ReplicaLinkState.Connected, role.LinkState);
        Assert.True(info.IsMasterLinkUp);
        Assert.Equal(1, server.Accepted);
    }

    [Fact(Timeout = 10000)]
    public async Task Error_reply_is_thrown_classified()
    {
        await using var server = TinyServer.Replying(_ => Encoding.ASCII.GetBytes("-LOADING kevy is loading the dataset in memory\r\n"));

        var e = await Assert.ThrowsAsync<KevyReplyErrorException>(() =>
            KevyClient.RoleAsync("127.0.0.1", server.Port, Generous, CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(DataPlaneErrorKind.Loading, e.Error.Kind);
        Assert.True(e.Error.IsRetryable);
        Assert.Equal("ROLE", e.Command);
        Assert.Equal($"127.0.0.1:{server.Port}: ROLE failed: -LOADING kevy is loading the dataset in memory", e.Message);
    }

    [Fact(Timeout = 10000)]
    public async Task Unexpected_reply_shapes_are_protocol_violations()
    {
        await using var server = TinyServer.Replying(_ => Encoding.ASCII.GetBytes("+OK\r\n"));

        var role = await Assert.ThrowsAsync<KevyNetException>(() =>
            KevyClient.RoleAsync("127.0.0.1", server.Port, Generous, CancellationToken.None).WaitAsync(Bound));
        var ping = await Assert.ThrowsAsync<KevyNetException>(() =>
            KevyClient.PingAsync("127.0.0.1", server.Port, Generous, CancellationToken.None).WaitAsync(Bound));
        var info = await Assert.ThrowsAsync<KevyNetException>(() =>
            KevyClient.InfoReplicationAsync("127.0.0.1", server.Port, Generous, CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(KevyNetErrorKind.ProtocolViolation, role.Kind);
        Assert.Contains("unexpected ROLE reply", role.Message);
        Assert.Equal(KevyNetErrorKind.ProtocolViolation, ping.Kind);
        Assert.Contains("expected +PONG, got OK", ping.Message);
        Assert.Equal(KevyNetErrorKind.ProtocolViolation, info.Kind);
        Assert.Contains("no 'role:' line", info.Message);
    }

    [Fact(Timeout = 10000)]
    public async Task One_shot_timeout_bounds_the_whole_call()
    {
        await using var server = TinyServer.Blackhole();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<KevyNetException>(() =>
            KevyClient.RoleAsync("127.0.0.1", server.Port, TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(KevyNetErrorKind.Timeout, e.Kind);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1500));
    }
}
