using KevyElect.Internal;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.Lab;
using KevyElect.Net;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Failover;

/// <summary>Lab helpers for failover tests: fast timings, a settled start, reads, plans and runs.</summary>
internal static class LabRun
{
    public static readonly TimeSpan Call = TimeSpan.FromSeconds(1);

    public static FailoverRunOptions Options => new()
    {
        CallTimeout = Call,
        QuiesceTimeout = TimeSpan.FromSeconds(5),
        SettleTimeout = TimeSpan.FromSeconds(8),
        PollInterval = TimeSpan.FromMilliseconds(15),
        StandInInterval = TimeSpan.FromMilliseconds(50),
    };

    public static async Task<LabCluster> StartSettledAsync(int nodes, TimeSpan? applyDelay = null)
    {
        var lab = await LabCluster.StartAsync(new LabOptions
        {
            Nodes = nodes,
            Timings = LabOptions.FastTimings,
            PromotionDelay = TimeSpan.FromMilliseconds(100),
            ApplyDelay = applyDelay ?? TimeSpan.Zero,
        });
        try
        {
            LabNode primary = await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(15));
            await WaitConsistentAsync(lab, primary.NodeId, TimeSpan.FromSeconds(10));
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    public static Task<IReadOnlyList<NodeObservation>> ReadAsync(ElectLab lab) =>
        ClusterReader.Instance.ReadAsync(lab.Peers, Call, CancellationToken.None);

    public static async Task WaitConsistentAsync(LabCluster lab, string primaryId, TimeSpan timeout)
    {
        IReadOnlyList<string> problems = Array.Empty<string>();
        bool consistent = await Poll.UntilAsync(async () =>
        {
            problems = ClusterConsistency.Check(await ReadAsync(lab), primaryId);
            return problems.Count == 0;
        }, timeout, TimeSpan.FromMilliseconds(20), CancellationToken.None);
        if (!consistent) throw new TimeoutException("cluster not consistent on " + primaryId + ": " + string.Join("; ", problems));
    }

    public static async Task<FailoverPlan> PlanAsync(LabCluster lab, FailoverRequest request) =>
        FailoverPlanner.Plan(lab.Peers, await ReadAsync(lab), request);

    public static ulong ClockEpoch() => EpochChooser.FromClock(DateTimeOffset.UtcNow);

    public static async Task<string?> GetAsync(PeerSpec node, string key)
    {
        // Reading back thousands of keys one connection each: a busy 2-core machine can hold one past a second.
        TimeSpan readBack = TimeSpan.FromSeconds(5);
        using var connection = await KevyConnection.ConnectAsync(node.Host, node.ClientPort, readBack, CancellationToken.None);
        RespValue reply = await connection.ExecuteAsync(readBack, CancellationToken.None, "GET", key);
        Assert.False(reply.IsError, $"GET {key} on {node.Id}: {reply}");
        return reply.Type == RespType.Null ? null : reply.Text;
    }

    public static async Task<RespValue> CommandAsync(PeerSpec node, params string[] command)
    {
        using var connection = await KevyConnection.ConnectAsync(node.Host, node.ClientPort, Call, CancellationToken.None);
        return await connection.ExecuteAsync(Call, CancellationToken.None, command);
    }
}
