using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using KevyElect.Net;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Net;

public class KevyConnectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static Task<KevyConnection> Connect(TinyServer server) =>
        KevyConnection.ConnectAsync("127.0.0.1", server.Port, Generous, CancellationToken.None);

    [Fact(Timeout = 10000)]
    public async Task Ping_round_trip()
    {
        await using var server = TinyServer.Replying(cmd => cmd[0] == "PING" ? Ascii("+PONG\r\n") : Ascii("-ERR unknown\r\n"));
        using KevyConnection c = await Connect(server);

        RespValue reply = await c.ExecuteAsync(Generous, CancellationToken.None, "PING").WaitAsync(Bound);

        Assert.Equal(RespType.SimpleString, reply.Type);
        Assert.Equal("PONG", reply.Text);
        Assert.Equal($"127.0.0.1:{server.Port}", c.Endpoint);
    }

    [Fact(Timeout = 10000)]
    public async Task Several_commands_on_one_connection_send_the_arguments()
    {
        var seen = new List<string>();
        await using var server = TinyServer.Replying(cmd =>
        {
            lock (seen) seen.Add(string.Join(" ", cmd));
            return RespWriter.Reply(RespValue.Bulk(string.Join("|", cmd)));
        });
        using KevyConnection c = await Connect(server);

        RespValue a = await c.ExecuteAsync(Generous, CancellationToken.None, "ECHO", "héllo wörld").WaitAsync(Bound);
        RespValue b = await c.ExecuteAsync(Generous, CancellationToken.None, "INFO", "replication").WaitAsync(Bound);

        Assert.Equal("ECHO|héllo wörld", a.Text);
        Assert.Equal("INFO|replication", b.Text);
        Assert.Equal(new[] { "ECHO héllo wörld", "INFO replication" }, seen);
        Assert.Equal(1, server.Accepted);
    }

    [Fact(Timeout = 10000)]
    public async Task Error_replies_are_returned_not_thrown()
    {
        await using var server = TinyServer.Replying(_ => Ascii("-READONLY You can't write against a read only replica.\r\n"));
        using KevyConnection c = await Connect(server);

        RespValue reply = await c.ExecuteAsync(Generous, CancellationToken.None, "SET", "k", "v").WaitAsync(Bound);

        Assert.True(reply.IsError);
        Assert.True(c.IsUsable);
    }

    [Fact(Timeout = 10000)]
    public async Task Connection_refused_fails_fast()
    {
        int port = TinyServer.FreePort();
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<KevyNetException>(() =>
            KevyConnection.ConnectAsync("127.0.0.1", port, Generous, CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(KevyNetErrorKind.ConnectRefused, e.Kind);
        Assert.Equal($"127.0.0.1:{port}", e.Endpoint);
        Assert.StartsWith($"127.0.0.1:{port}: connection refused", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact(Timeout = 10000)]
    public async Task Blackholed_command_times_out_within_the_timeout_plus_slack()
    {
        await using var server = TinyServer.Blackhole();
        using KevyConnection c = await Connect(server);
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<KevyNetException>(() =>
            c.ExecuteAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None, "ROLE").WaitAsync(Bound));

        Assert.Equal(KevyNetErrorKind.Timeout, e.Kind);
        Assert.Equal($"127.0.0.1:{server.Port}: no reply within 300 ms", e.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(1500));
    }

    [Fact(Timeout = 10000)]
    public async Task A_timed_out_connection_refuses_further_commands()
    {
        await using var server = TinyServer.Blackhole();
        using KevyConnection c = await Connect(server);
        await Assert.ThrowsAsync<KevyNetException>(() => c.ExecuteAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None, "PING").WaitAsync(Bound));

        Assert.False(c.IsUsable);
        var e = await Assert.ThrowsAsync<KevyNetException>(() => c.ExecuteAsync(Generous, CancellationToken.None, "PING").WaitAsync(Bound));
        Assert.Equal(KevyNetErrorKind.Closed, e.Kind);
        Assert.Equal($"127.0.0.1:{server.Port}: connection unusable after an earlier failure (no reply within 100 ms)", e.Message);
    }

    [Fact(Timeout = 10000)]
    public async Task Cancellation_aborts_a_blackholed_command_promptly()
    {
        await using var server = TinyServer.Blackhole();
        using KevyConnection c = await Connect(server);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            c.ExecuteAsync(TimeSpan.FromSeconds(30), cts.Token, "ROLE").WaitAsync(Bound));

        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.False(c.IsUsable);
    }

    [Fact(Timeout = 10000)]
    public async Task Already_cancelled_token_throws_before_sending()
    {
        await using var server = TinyServer.Blackhole();
        using KevyConnection c = await Connect(server);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            c.ExecuteAsync(Generous, new CancellationToken(true), "PING").WaitAsync(Bound));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            KevyConnection.ConnectAsync("127.0.0.1", server.Port, Generous, new CancellationToken(true)).WaitAsync(Bound));
    }

    [Fact(Timeout = 10000)]
    public async Task Reset_mid_reply_is_reported_as_reset()
    {
        await using var server = new TinyServer(async (socket, ct) =>
        {
            await TinyServer.ReadCommandAsync(socket, new List<byte>(), ct);
            await socket.SendAsync(Ascii("*5\r\n$5\r\nslave\r\n$9\r\n127.0"), SocketFlags.None, ct);
            await Task.Delay(100, ct);
            socket.LingerState = new LingerOption(true, 0); // close with RST
            socket.Close();
        });
        using KevyConnection c = await Connect(server);

        var e = await Assert.ThrowsAsync<KevyNetException>(() => c.ExecuteAsync(Generous, CancellationToken.None, "ROLE").WaitAsync(Bound));

        Assert.Equal(KevyNetErrorKind.Reset, e.Kind);
        Assert.Contains("reset by peer", e.Message);
    }

    [Fact(Timeout = 10000)]
    public async Task Close_mid_reply_is_reported_as_closed_with_the_bytes_seen()
    {
        await using var server = new TinyServer(async (socket, ct) =>
        {
            await TinyServer.ReadCommandAsync(socket, new List<byte>(), ct);
            await socket.SendAsync(Ascii("$10\r\nabc"), SocketFlags.None, ct);
            socket.Shutdown(SocketShutdown.Send);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using KevyConnection c = await Connect(server);

        var e = await Assert.ThrowsAsync<KevyNetException>(() => c.ExecuteAsync(Generous, CancellationToken.None, "GET", "k").WaitAsync(Bound));

        Assert.Equal(KevyNetErrorKind.Closed, e.Kind);
        Assert.Contains("after 8 bytes of an incomplete reply", e.Message);
    }

    [Fact(Timeout = 10000)]
    public async Task Reply_dripped_one_byte_at_a_time_still_parses()
    {
        byte[] role = Ascii("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:17204\r\n$9\r\nconnected\r\n:3\r\n");
        await using var server = new TinyServer(async (socket, ct) =>
        {
            await TinyServer.ReadCommandAsync(socket, new List<byte>(), ct);
            foreach (byte b in role)
            {
                await socket.SendAsync(new[] { b }, SocketFlags.None, ct);
                await Task.Delay(1, ct);
            }
            await Task.Delay(Timeout.Infinite, ct);
        });
        using KevyConnection c = await Connect(server);

        RespValue reply = await c.ExecuteAsync(Generous, CancellationToken.None, "ROLE").WaitAsync(Bound);

        Assert.Equal(5, reply.Items.Count);
        Assert.Equal("connected", reply.Items[3].Text);
        Assert.Equal(3, reply.Items[4].Integer);
    }

    [Fact(Timeout = 10000)]
    public async Task Reply_larger_than_the_limit_is_refused()
    {
        await using var server = TinyServer.Replying(_ => RespWriter.Reply(RespValue.Bulk(new string('x', 5000))));
        using KevyConnection c = await Connect(server);
        c.MaxReplyBytes = 2048;

        var e = await Assert.ThrowsAsync<KevyNetException>(() => c.ExecuteAsync(Generous, CancellationToken.None, "GET", "big").WaitAsync(Bound));

        Assert.Equal(KevyNetErrorKind.ReplyTooLarge, e.Kind);
        Assert.Contains("2048-byte limit", e.Message);
    }

    [Fact(Timeout = 10000)]
    public async Task Reply_exactly_at_the_limit_is_accepted_and_large_replies_grow_the_buffer()
    {
        byte[] reply = RespWriter.Reply(RespValue.Bulk(new string('y', 100_000)));
        await using var server = TinyServer.Replying(_ => reply);
        using KevyConnection c = await Connect(server);
        c.MaxReplyBytes = reply.Length;

        RespValue value = await c.ExecuteAsync(Generous, CancellationToken.None, "GET", "big").WaitAsync(Bound);

        Assert.Equal(100_000, value.Bytes!.Length);
    }

    [Theory(Timeout = 10000)]
    [InlineData("HTTP/1.1 400 Bad Request\r\n\r\n")]
    [InlineData(":12x\r\n")]
    public async Task Garbage_is_a_protocol_violation(string garbage)
    {
        await using var server = TinyServer.Replying(_ => Ascii(garbage));
        using KevyConnection c = await Connect(server);

        var e = await Assert.ThrowsAsync<KevyNetException>(() => c.ExecuteAsync(Generous, CancellationToken.None, "PING").WaitAsync(Bound));

        Assert.Equal(KevyNetErrorKind.ProtocolViolation, e.Kind);
        Assert.Contains("not RESP2", e.Message);
        Assert.Contains("\\r\\n", e.Message);
    }

    [Fact(Timeout = 10000)]
    public async Task Bytes_after_the_reply_are_a_protocol_violation()
    {
        await using var server = TinyServer.Replying(_ => Ascii("+PONG\r\n+PONG\r\n"));
        using KevyConnection c = await Connect(server);

        var e = await Assert.ThrowsAsync<KevyNetException>(async () =>
        {
            // The two replies may arrive in one read or two; either way the stray one is caught.
            await c.ExecuteAsync(Generous, CancellationToken.None, "PING").WaitAsync(Bound);
            await c.ExecuteAsync(Generous, CancellationToken.None, "PING").WaitAsync(Bound);
        });

        Assert.Equal(KevyNetErrorKind.ProtocolViolation, e.Kind);
    }

    [Fact(Timeout = 10000)]
    public async Task A_pipelined_pair_goes_in_one_write_and_both_replies_come_back_in_order_errors_included()
    {
        var reads = new List<int>();
        await using var server = new TinyServer(async (socket, ct) =>
        {
            // Both commands must be in the first segment the server reads: one write, one round trip.
            var chunk = new byte[4096];
            int n = await socket.ReceiveAsync(chunk, SocketFlags.None, ct);
            Assert.Equal(RespReadStatus.Complete, RespReader.TryReadCommand(chunk.AsSpan(0, n), out IReadOnlyList<byte[]>? first, out int used));
            Assert.Equal(RespReadStatus.Complete, RespReader.TryReadCommand(chunk.AsSpan(used, n - used), out IReadOnlyList<byte[]>? second, out int used2));
            lock (reads) reads.Add(used + used2 == n ? first!.Count * 10 + second!.Count : -1);
            await socket.SendAsync(Ascii("-LOADING kevy is loading the dataset in memory\r\n$13\r\n# Replication\r\n"), SocketFlags.None, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using KevyConnection c = await Connect(server);

        (RespValue role, RespValue info) = await c.ExecutePairAsync(new[] { "ROLE" }, new[] { "INFO", "replication" }, Generous, CancellationToken.None).WaitAsync(Bound);

        Assert.True(role.IsError);
        Assert.StartsWith("LOADING", role.Text);
        Assert.Equal("# Replication", info.Text);
        Assert.Equal(new[] { 12 }, reads);
        Assert.True(c.IsUsable);
    }

    [Fact(Timeout = 10000)]
    public async Task Pipelined_replies_straddling_the_buffer_and_dripped_byte_by_byte_still_parse()
    {
        // The first reply nearly fills the 4 KB buffer, so the second is read after the first is moved out of the way.
        byte[] replies = RespWriter.Reply(RespValue.Bulk(new string('a', 4000))).Concat(RespWriter.Reply(RespValue.Bulk(new string('b', 3000)))).ToArray();
        await using var server = new TinyServer(async (socket, ct) =>
        {
            var pending = new List<byte>();
            await TinyServer.ReadCommandAsync(socket, pending, ct);
            await TinyServer.ReadCommandAsync(socket, pending, ct);
            await socket.SendAsync(replies.AsMemory(0, 4090), SocketFlags.None, ct);
            foreach (byte b in replies.Skip(4090).Take(20)) await socket.SendAsync(new[] { b }, SocketFlags.None, ct);
            await socket.SendAsync(replies.AsMemory(4110), SocketFlags.None, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using KevyConnection c = await Connect(server);

        (RespValue first, RespValue second) = await c.ExecutePairAsync(new[] { "GET", "a" }, new[] { "GET", "b" }, Generous, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(new string('a', 4000), first.Text);
        Assert.Equal(new string('b', 3000), second.Text);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => KevyConnection.ConnectAsync("127.0.0.1", 0, Generous, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => KevyConnection.ConnectAsync("127.0.0.1", 1, TimeSpan.Zero, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => KevyConnection.ConnectAsync(" ", 1, Generous, CancellationToken.None));
    }
}
