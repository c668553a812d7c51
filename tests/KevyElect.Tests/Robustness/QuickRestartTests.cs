using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.Lab;
using KevyElect.Observe;
using KevyElect.Tests.Failover;
using KevyElect.Tests.Lab;
using Xunit;

namespace KevyElect.Tests.Robustness;

/// <summary>
/// A supervisor that restarts a crashed primary at once (systemd's Restart=always) brings it back
/// before the replicas have declared it down. It boots as a replica with no known primary, and its
/// heartbeats keep it alive in the views of the replicas that still follow it. When it is the best
/// candidate (the lowest id on equal offsets) it wins a new election by itself; when it is not, the rules
/// as written leave the cluster without a writable primary (nobody sees the known primary DOWN), and the
/// operator's way out is a takeover.
/// </summary>
[Collection(LabRestartCollection.Name)]
public class QuickRestartTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(300)]
    public async Task A_best_candidate_primary_restarted_within_down_after_wins_again_by_itself(int restartAfterMs)
    {
        using LabCluster lab = await StartAsync();
        LabNode primary = await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("n1", primary.NodeId); // equal offsets at cold start: the lowest id wins
        await Task.Delay(1500);

        lab.Crash(primary.NodeId);
        await Task.Delay(restartAfterMs);
        lab.Restart(primary.NodeId);

        // Ten down_after periods: far beyond a crash election's floor.
        LabNode after = await lab.WaitForPrimaryAsync(TimeSpan.FromMilliseconds(10 * lab.GetOptions().Timings.DownAfterMs));
        Assert.True(after.GetState().IsWritablePrimary);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(300)]
    public async Task A_primary_that_is_not_the_best_candidate_restarted_within_down_after_leaves_no_writable_primary_until_a_takeover(int restartAfterMs)
    {
        using LabCluster lab = await StartAsync();
        await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(15));
        // Move the primary off n1 with an ordinary crash election, then bring n1 back as a replica.
        lab.Crash("n1");
        await lab.WaitUntilAsync(s => s.Any(n => n.IsWritablePrimary && n.NodeId != "n1"), TimeSpan.FromSeconds(15), "a primary other than n1");
        string primary = lab.GetState().First(n => n.IsWritablePrimary).NodeId;
        lab.Restart("n1");
        await Task.Delay(1500);

        lab.Crash(primary);
        await Task.Delay(restartAfterMs);
        lab.Restart(primary);

        // The gap: ten down_after periods later nobody writes, and the others still follow the restarted node.
        await Task.Delay(10 * (int)lab.GetOptions().Timings.DownAfterMs);
        LabNodeState[] stuck = lab.GetState().ToArray();
        Assert.DoesNotContain(stuck, s => s.IsWritablePrimary);
        Assert.All(stuck.Where(s => s.NodeId != primary), s => Assert.Equal(primary, s.KnownPrimaryId));

        // What the operator sees: every node answers and none is primary; the summary and a refused switchover name the stall.
        ClusterSummary summary = ClusterSummary.From(lab.Peers, await PeerProbe.ProbeAsync(lab.Peers, null, CancellationToken.None));
        Assert.Contains(summary.Reasons, r => r.Contains($"still follow '{primary}', which answers as a replica") && r.Contains("-Takeover"));
        FailoverPlan switchover = await LabRun.PlanAsync(lab, new FailoverRequest { Epoch = LabRun.ClockEpoch() });
        Assert.Equal(FailoverRefusalCode.NoPrimary, switchover.Refusal?.GetCode());
        Assert.Contains("-Takeover", switchover.Refusal!.Message);

        // The way out: a takeover at a clock epoch, which every elector accepts.
        FailoverPlan takeover = await LabRun.PlanAsync(lab, new FailoverRequest { Takeover = true, Epoch = LabRun.ClockEpoch() });
        Assert.False(takeover.IsRefused, takeover.Describe());
        FailoverResult result = await TakeoverRunner.RunAsync(lab.Peers, takeover, LabRun.Options, null, CancellationToken.None);
        Assert.True(result.GetOutcome() == FailoverOutcome.Succeeded, result + " | " + string.Join(" | ", result.Steps));
        Assert.True(lab.Node(result.NewPrimary!).GetState().IsWritablePrimary);
        Assert.Empty(ClusterConsistency.Check(await LabRun.ReadAsync(lab), result.NewPrimary!));
    }

    private static Task<LabCluster> StartAsync() =>
        LabCluster.StartAsync(new LabOptions { Nodes = 3, Timings = LabOptions.FastTimings, Seed = 5 });
}
