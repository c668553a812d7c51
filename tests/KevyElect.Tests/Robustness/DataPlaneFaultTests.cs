using System.Diagnostics;
using System.Text;
using KevyElect.Net;
using KevyElect.Tests.Net;
using Xunit;

namespace KevyElect.Tests.Robustness;

/// <summary>
/// The fault catalogue of the data-plane client: every one-shot query (PING, ROLE, INFO replication)
/// against a node that refuses, blackholes the connect, accepts and stays silent, resets mid-reply,
/// closes, drips, claims or sends an oversized reply, or answers garbage. Each call ends within its
/// timeout plus <see cref="Slack"/> with a <see cref="KevyNetException"/> of the right kind whose
/// message starts with the endpoint and says in words what happened.
/// </summary>
public class DataPlaneFaultTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(1000);

    public static TheoryData<string> Queries => new() { "PING", "ROLE", "INFO replication" };

    private static Task Query(string command, int port, TimeSpan timeout) => command switch
    {
        "PING" => KevyClient.PingAsync("127.0.0.1", port, timeout, CancellationToken.None),
        "ROLE" => KevyClient.RoleAsync("127.0.0.1", port, timeout, CancellationToken.None),
        "INFO replication" => KevyClient.InfoReplicationAsync("127.0.0.1", port, timeout, CancellationToken.None),
        _ => throw new ArgumentException(command),
    };

    /// <summary>Runs the query, expects the failure, and checks kind, wording (a regex), endpoint and time.</summary>
    private static async Task<(KevyNetException Error, TimeSpan Elapsed)> ExpectFailure(
        string command, int port, TimeSpan timeout, KevyNetErrorKind kind, string wording)
    {
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<KevyNetException>(() => Query(command, port, timeout).WaitAsync(timeout + Slack + Slack));
        TimeSpan elapsed = clock.Elapsed;

        Assert.Equal(kind, e.Kind);
        Assert.Equal($"127.0.0.1:{port}", e.Endpoint);
        Assert.StartsWith($"127.0.0.1:{port}: ", e.Message);
        Assert.Matches(wording, e.Message);
        Assert.True(elapsed <= timeout + Slack, $"{command} took {elapsed.TotalMilliseconds:0} ms with a {timeout.TotalMilliseconds:0} ms timeout");
        return (e, elapsed);
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Connection_refused(string command)
    {
        var (_, elapsed) = await ExpectFailure(command, TinyServer.FreePort(), Generous, KevyNetErrorKind.ConnectRefused, "connection refused \\(is the node running");
        Assert.True(elapsed < Short, $"a refusal took {elapsed.TotalMilliseconds:0} ms");
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Blackholed_connect(string command)
    {
        using var port = new BlackholedPort();
        Assert.True(port.IsBlackholed, "the kernel kept accepting connections on a full backlog");

        var (_, elapsed) = await ExpectFailure(command, port.Port, Short, KevyNetErrorKind.ConnectTimeout, "no TCP connection within 500 ms");
        Assert.True(elapsed >= Short - TimeSpan.FromMilliseconds(50), $"gave up after {elapsed.TotalMilliseconds:0} ms");
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Accepted_and_never_answered(string command)
    {
        await using var server = FaultServers.SilentAfterAccept();
        var (_, elapsed) = await ExpectFailure(command, server.Port, Short, KevyNetErrorKind.Timeout, @"no reply within 4\d\d ms");
        Assert.True(elapsed >= Short - TimeSpan.FromMilliseconds(50), $"gave up after {elapsed.TotalMilliseconds:0} ms");
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Reset_mid_reply(string command)
    {
        await using var server = FaultServers.ResetMidReply();
        await ExpectFailure(command, server.Port, Generous, KevyNetErrorKind.Reset, "connection reset by peer");
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Closed_before_replying(string command)
    {
        await using var server = FaultServers.CloseBeforeReply();
        await ExpectFailure(command, server.Port, Generous, KevyNetErrorKind.Closed, "connection closed by the node before it replied");
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Reply_dripped_a_byte_at_a_time_is_read_whole(string command)
    {
        await using var server = FaultServers.Drip(TimeSpan.FromMilliseconds(1));
        string read = await ReadAsync(command, server.Port, Generous).WaitAsync(Generous + Slack);
        // What FaultServers.GoodReply sends for each command, parsed back field by field.
        string expected = command switch
        {
            "PING" => "pong",
            "ROLE" => "Slave of 127.0.0.1:17204, Connected, offset 3",
            _ => "Slave of 127.0.0.1:27004, up, offset 2, lag 0",
        };
        Assert.Equal(expected, read);
    }

    /// <summary>The query's reply, as the fields the dripped good reply carries.</summary>
    private static async Task<string> ReadAsync(string command, int port, TimeSpan timeout)
    {
        switch (command)
        {
            case "PING":
                await KevyClient.PingAsync("127.0.0.1", port, timeout, CancellationToken.None);
                return "pong";
            case "ROLE":
                var role = await KevyClient.RoleAsync("127.0.0.1", port, timeout, CancellationToken.None);
                return $"{role.Kind} of {role.PrimaryHost}:{role.PrimaryPort}, {role.LinkState}, offset {role.Offset}";
            default:
                var info = await KevyClient.InfoReplicationAsync("127.0.0.1", port, timeout, CancellationToken.None);
                return $"{info.Role} of {info.MasterHost}:{info.MasterPort}, {info.MasterLinkStatus}, offset {info.SlaveReplOffset}, lag {info.SlaveLagFrames}";
        }
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Reply_dripped_slower_than_the_timeout_times_out_on_time(string command)
    {
        // A byte every 100 ms keeps the socket busy; the deadline bounds the exchange, not each read.
        // The message quotes what was left of the timeout once connected, hence 4xx ms.
        await using var server = FaultServers.Drip(TimeSpan.FromMilliseconds(100));
        await ExpectFailure(command, server.Port, Short, KevyNetErrorKind.Timeout, @"no reply within 4\d\d ms");
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Reply_claiming_a_gigabyte_is_refused_at_its_header(string command)
    {
        await using var server = FaultServers.Oversize(claimed: 1L << 30, streamed: 0);
        var (e, _) = await ExpectFailure(command, server.Port, Generous, KevyNetErrorKind.ProtocolViolation, "the reply is not RESP2: ");
        Assert.Contains("$1073741824", e.Message);
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Reply_streamed_past_the_size_limit_is_cut_off(string command)
    {
        await using var server = FaultServers.Oversize(claimed: 100L << 20, streamed: 6 << 20);
        await ExpectFailure(command, server.Port, Generous, KevyNetErrorKind.ReplyTooLarge,
            $"reply exceeds the {KevyConnection.DefaultMaxReplyBytes}-byte limit \\(raise MaxReplyBytes");
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Http_instead_of_resp(string command)
    {
        await using var server = FaultServers.Garbage(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
        var (e, _) = await ExpectFailure(command, server.Port, Generous, KevyNetErrorKind.ProtocolViolation, "the reply is not RESP2: ");
        Assert.Contains("\"HTTP/1.1 400 Bad Request\\r\\n", e.Message);
    }

    [Theory(Timeout = 10000), MemberData(nameof(Queries))]
    public async Task Binary_instead_of_resp(string command)
    {
        // The first bytes of a TLS alert: a TLS-only port answering plaintext.
        await using var server = FaultServers.Garbage([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]);
        var (e, _) = await ExpectFailure(command, server.Port, Generous, KevyNetErrorKind.ProtocolViolation, "the reply is not RESP2: ");
        Assert.Contains("\\x15\\x03\\x03", e.Message);
    }
}
