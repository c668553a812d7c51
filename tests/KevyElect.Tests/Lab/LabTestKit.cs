using System.Net.Sockets;
using KevyElect.DataPlane;
using KevyElect.Election;
using KevyElect.Lab;
using KevyElect.Net;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Lab;

// Lab tests measure elections against wall-clock timings, so each of these collections runs its tests one at a time.
// The three run beside each other and beside the rest: a lab waits on timers far more than it computes, and a test
// only judges its own lab (labs are process-wide, so none asserts that no other lab runs).

/// <summary>Lab elections, data plane and switchovers.</summary>
[CollectionDefinition(Name)]
public sealed class LabSocketCollection
{
    public const string Name = "Lab sockets";
}

/// <summary>Lab chaos: partitions, pauses, crashes under write load.</summary>
[CollectionDefinition(Name)]
public sealed class LabChaosCollection
{
    public const string Name = "Lab chaos";
}

/// <summary>Lab restarts, and the probes and waits that run against labs.</summary>
[CollectionDefinition(Name)]
public sealed class LabRestartCollection
{
    public const string Name = "Lab restarts";
}

/// <summary>Starts fast labs and checks that each one leaves no listener or lab behind.</summary>
internal static class LabTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public static ElectionTimings Fast => LabOptions.FastTimings;

    public static LabOptions FastOptions(int nodes = 3, Func<ElectionTimings, ElectionTimings>? tune = null) => new()
    {
        Nodes = nodes,
        Timings = tune == null ? Fast : tune(Fast),
        PromotionDelay = TimeSpan.FromMilliseconds(500),
        Seed = 7,
    };

    /// <summary>Runs <paramref name="body"/> on a fresh lab, then disposes it and asserts every port it bound is closed.</summary>
    public static async Task RunAsync(LabOptions options, Func<LabCluster, Task> body)
    {
        var lab = await LabCluster.StartAsync(options);
        var ports = lab.Peers.SelectMany(p => new[] { p.ClientPort, p.ElectPort }).ToArray();
        try
        {
            await body(lab);
        }
        finally
        {
            await lab.DisposeAsync();
        }
        Assert.DoesNotContain(lab, LabCluster.Running);
        foreach (int port in ports) await AssertClosedAsync(port);
        Assert.False(Directory.Exists(lab.DataDirectory), "the lab's temp data directory was deleted");
    }

    public static Task RunAsync(int nodes, Func<LabCluster, Task> body) => RunAsync(FastOptions(nodes), body);

    public static async Task AssertClosedAsync(int port)
    {
        using var client = new TcpClient();
        var ex = await Record.ExceptionAsync(() => client.ConnectAsync("127.0.0.1", port));
        Assert.IsAssignableFrom<SocketException>(ex);
    }

    public static async Task<RespValue> CommandAsync(int port, params string[] args)
    {
        using var c = await KevyConnection.ConnectAsync("127.0.0.1", port, Patience, CancellationToken.None);
        return await c.ExecuteAsync(Patience, CancellationToken.None, args);
    }

    public static Task<RespValue> CommandAsync(LabNode node, params string[] args) => CommandAsync(node.Peer.ClientPort, args);

    public static Task<RoleReply> RoleAsync(LabNode node) => KevyClient.RoleAsync("127.0.0.1", node.Peer.ClientPort, Patience, CancellationToken.None);

    public static Task<ReplicationInfo> InfoAsync(LabNode node) => KevyClient.InfoReplicationAsync("127.0.0.1", node.Peer.ClientPort, Patience, CancellationToken.None);

    /// <summary>Sends a SET and returns the reply's text (OK or the error line).</summary>
    public static async Task<string> SetAsync(LabNode node, string key, string value) =>
        (await CommandAsync(node, "SET", key, value)).Text ?? "";

    /// <summary>Polls until <paramref name="condition"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Eventually.HoldsAsync(condition, timeout, what);

    /// <summary>Worst time to elect once the cause is known: one down_after, one election round, one backoff, slack for a loaded machine.</summary>
    public static TimeSpan ElectionBound(ElectionTimings t) =>
        TimeSpan.FromMilliseconds(t.DownAfterMs + t.ElectionTimeoutMs + t.MaxBackoffMs + 1000);

    public static byte[] Frame(ElectMessage m) => ElectCodec.Encode(m);
}
