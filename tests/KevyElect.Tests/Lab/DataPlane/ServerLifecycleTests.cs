using System.Net.Sockets;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.DataPlane;

public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task Paused_node_answers_nothing_until_resumed()
    {
        using var lab = new LabFixture();
        var c = await lab.ClientAsync("n2");
        lab.Nodes["n2"].Pause();
        await c.SendRawAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.ReadReplyBytesAsync(TimeSpan.FromMilliseconds(200)));
        var late = await RespTestClient.ConnectAsync(lab.Port("n2")); // the kernel still completes the handshake
        await late.SendRawAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray());
        Assert.Empty(lab.Nodes["n2"].Commands.Named("PING"));

        lab.Nodes["n2"].Resume();
        Assert.Equal("+PONG\r\n"u8.ToArray(), await c.ReadReplyBytesAsync(RespTestClient.DefaultTimeout));
        Assert.Equal("+PONG\r\n"u8.ToArray(), await late.ReadReplyBytesAsync(RespTestClient.DefaultTimeout));
        late.Dispose();
    }

    [Fact]
    public async Task A_node_stopped_while_paused_restarts_answering()
    {
        using var lab = new LabFixture();
        var c = await lab.ClientAsync("n2");
        lab.Nodes["n2"].Pause();
        await c.SendRawAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray());
        lab.Nodes["n2"].Stop();
        Assert.True(await c.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(lab.Nodes["n2"].Commands.Named("PING")); // the queued command died with the process
        lab.Nodes["n2"].Start();
        var again = await lab.ClientAsync("n2");
        Assert.Equal("PONG", await again.TextAsync("PING"));
    }

    [Fact]
    public async Task Paused_source_stalls_replication_without_dropping_the_link()
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        var n1 = await lab.ClientAsync("n1");
        Assert.Equal("OK", await n1.TextAsync("SET", "a", "1"));
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        lab.Nodes["n1"].Pause();
        await Task.Delay(50);
        Assert.Equal(LabLinkState.Connected, lab.Nodes["n2"].GetStatus().LinkState);
        lab.Nodes["n1"].Resume();
        Assert.Equal("OK", await n1.TextAsync("SET", "b", "2"));
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
    }

    [Fact]
    public async Task Stop_closes_every_client_and_start_listens_again_on_the_same_port()
    {
        using var lab = new LabFixture();
        int port = lab.Port("n3");
        var a = await lab.ClientAsync("n3");
        var b = await lab.ClientAsync("n3");
        Assert.Equal("PONG", await a.TextAsync("PING"));
        lab.Nodes["n3"].Stop();
        Assert.True(await a.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        Assert.True(await b.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        Assert.False(lab.Nodes["n3"].IsListening);
        await Assert.ThrowsAnyAsync<SocketException>(() => RespTestClient.ConnectAsync(port));

        Assert.Equal(port, lab.Nodes["n3"].Start());
        var c = await lab.ClientAsync("n3");
        Assert.Equal("PONG", await c.TextAsync("PING"));
    }

    [Fact]
    public async Task Dispose_closes_clients_and_frees_the_port()
    {
        var lab = new LabFixture();
        int port = lab.Port("n1");
        using var c = await RespTestClient.ConnectAsync(port); // not owned by the fixture, so it outlives it
        Assert.Equal("PONG", await c.TextAsync("PING"));
        lab.Dispose();
        Assert.True(await c.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        var again = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        again.Start();
        again.Stop();
    }

    [Fact]
    public async Task Command_log_keeps_what_each_node_received_in_order()
    {
        using var lab = new LabFixture();
        var c = await lab.ClientAsync("n2");
        var before = DateTimeOffset.UtcNow;
        await c.TextAsync("PING");
        await c.TextAsync("GET", "k");
        var log = lab.Nodes["n2"].Commands.Snapshot();
        Assert.Equal(new[] { "PING", "GET" }, log.Select(r => r.Name));
        Assert.Equal(new[] { "GET", "k" }, log[1].Args);
        Assert.True(log[0].ReceivedAt >= before.AddSeconds(-1) && log[0].ReceivedAt <= log[1].ReceivedAt);
        Assert.Empty(lab.Nodes["n1"].Commands.Snapshot());
    }

    [Fact]
    public async Task Replicaof_retargets_and_no_one_promotes()
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        var n3 = await lab.ClientAsync("n3");
        Assert.Equal("OK", await n3.TextAsync("SLAVEOF", "127.0.0.1", lab.Port("n2").ToString(CultureInfo.InvariantCulture)));
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus() is { SourceId: "n2", LinkState: LabLinkState.Connected }, "n3 follows n2");
        Assert.Contains($"\r\nmaster_port:{lab.Port("n2") + 10000}\r\n", await n3.TextAsync("INFO", "replication"));
        Assert.Equal(new[] { "n3" }, lab.Nodes["n2"].GetStatus().ReplicaIds);

        Assert.Equal("OK", await n3.TextAsync("REPLICAOF", "no", "one"));
        Assert.StartsWith("# Replication\r\nrole:master\r\n", await n3.TextAsync("INFO", "replication"));
        Assert.Equal("OK", await n3.TextAsync("SET", "k", "v"));
        Assert.Equal("-ERR value is not an integer or out of range", await n3.TextAsync("REPLICAOF", "127.0.0.1", "99999"));
    }

    [Fact]
    public async Task Replicaof_an_address_outside_the_lab_never_links()
    {
        using var lab = new LabFixture();
        var n2 = await lab.ClientAsync("n2");
        Assert.Equal("OK", await n2.TextAsync("REPLICAOF", "10.9.9.9", "6004"));
        await Task.Delay(30);
        var info = await n2.TextAsync("INFO", "replication");
        Assert.Contains("\r\nmaster_host:10.9.9.9\r\nmaster_port:6004\r\nmaster_link_status:down\r\nmaster_last_io_seconds_ago:-1\r\n", info);
    }
}
