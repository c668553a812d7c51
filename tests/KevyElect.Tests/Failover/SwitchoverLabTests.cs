using KevyElect.Failover;
using KevyElect.Lab;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Failover;

[Collection(KevyElect.Tests.Lab.LabSocketCollection.Name)]
public class SwitchoverLabTests
{
    [Fact]
    public async Task Planned_switchover_under_write_load_loses_no_acknowledged_write_and_leaves_both_planes_consistent()
    {
        using LabCluster lab = await LabRun.StartSettledAsync(3);
        using LabWriteLoad load = lab.StartWriteLoad(100);
        await Eventually.HoldsAsync(() => load.GetAcks().Count >= 10, TimeSpan.FromSeconds(10), "ten writes acknowledged before the switchover");

        FailoverPlan plan = await LabRun.PlanAsync(lab, new FailoverRequest { Epoch = LabRun.ClockEpoch() });
        Assert.False(plan.IsRefused, plan.Describe());
        var phases = new List<string>();
        FailoverResult result = await SwitchoverRunner.RunAsync(lab.Peers, plan, LabRun.Options,
            new SyncProgress(p => phases.Add(p.Phase)), CancellationToken.None);

        Assert.True(result.GetOutcome() == FailoverOutcome.Succeeded, result + " | " + string.Join(" | ", result.Steps));
        Assert.Equal(plan.TargetId, result.NewPrimary);
        Assert.Equal(plan.CurrentPrimaryId, result.OldPrimary);
        Assert.Equal(new[] { "Quiesce", "Drain", "Promote", "Announce", "Release", "Verify" }, result.Steps.Select(s => s.Name));
        Assert.All(result.Steps, s => Assert.True(s.Succeeded, s.ToString()));
        Assert.NotNull(result.GetWriteUnavailable());
        Assert.Contains("Quiesce", phases);
        Assert.Contains("Drain", phases);
        Assert.Contains("Verify", phases);
        Assert.NotNull(result.Drain);
        Assert.True(result.Drain!.NoLoss, result.Drain.Describe());
        Assert.Equal(0, result.OffsetGap);
        Assert.All(result.Drain.Shards, s => Assert.True(s.Confirmed));
        Assert.Contains("REPL.WAIT", result.Drain.Method);

        await Eventually.HoldsAsync(() => load.GetAcks().Count(a => a.NodeId == result.NewPrimary) >= 10, TimeSpan.FromSeconds(10),
            "ten writes acknowledged by the new primary");
        load.Stop();
        var acks = load.GetAcks();
        Assert.Contains(acks, a => a.NodeId == plan.CurrentPrimaryId);
        Assert.Contains(acks, a => a.NodeId == plan.TargetId);
        var newPrimary = lab.Peers.Find(result.NewPrimary!)!;
        foreach (var ack in acks)
            Assert.Equal(ack.Value, await LabRun.GetAsync(newPrimary, ack.Key));

        Assert.Empty(ClusterConsistency.Check(await LabRun.ReadAsync(lab), result.NewPrimary!));
        Assert.All(lab.GetState(), s => Assert.Equal(plan.Epoch, s.Epoch));
    }

    [Fact]
    public async Task A_lagging_target_is_refused_with_TargetLagging_and_nothing_is_sent()
    {
        using LabCluster lab = await LabRun.StartSettledAsync(3, applyDelay: TimeSpan.FromSeconds(3));
        string primary = (await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(5))).NodeId;
        string target = lab.Peers.First(p => p.Id != primary).Id;
        using LabWriteLoad load = lab.StartWriteLoad(50);
        // The lag gauge moves with the replication heartbeat: wait until it shows the target behind.
        await lab.WaitUntilAsync(_ => lab.Node(target).DataPlane.GetStatus().LagFrames > 0, TimeSpan.FromSeconds(5), "the target's lag gauge above 0");

        FailoverPlan plan = await LabRun.PlanAsync(lab, new FailoverRequest { Epoch = LabRun.ClockEpoch(), TargetNodeId = target, MaxLagFrames = 0 });
        Assert.True(plan.IsRefused, plan.Describe());
        Assert.Equal(FailoverRefusalCode.TargetLagging, plan.Refusal!.GetCode());
        Assert.Contains(target, plan.Refusal.Message);

        FailoverResult result = await SwitchoverRunner.RunAsync(lab.Peers, plan, LabRun.Options, null, CancellationToken.None);
        Assert.Equal(FailoverOutcome.Refused, result.GetOutcome());
        Assert.Empty(result.Steps);
        Assert.DoesNotContain(lab.Node(primary).Commands.Snapshot(), c => c.Name == "FAILOVER");
    }

    [Fact]
    public async Task A_handover_that_cannot_finish_in_time_is_aborted_and_rolled_back()
    {
        using LabCluster lab = await LabRun.StartSettledAsync(3);
        string primary = (await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(5))).NodeId;
        string target = lab.Peers.First(p => p.Id != primary).Id;
        FailoverPlan plan = await LabRun.PlanAsync(lab, new FailoverRequest { Epoch = LabRun.ClockEpoch(), TargetNodeId = target });
        Assert.False(plan.IsRefused, plan.Describe());

        lab.Pause(target); // the target stops reading: it can never catch up within the quiesce
        try
        {
            FailoverResult result = await SwitchoverRunner.RunAsync(lab.Peers, plan,
                LabRun.Options with { QuiesceTimeout = TimeSpan.FromMilliseconds(600) }, null, CancellationToken.None);
            Assert.Equal(FailoverOutcome.RolledBack, result.GetOutcome());
            Assert.Equal(primary, result.NewPrimary);
            Assert.Contains("FAILOVER ABORT", result.Message);
            Assert.Contains(lab.Node(primary).Commands.Snapshot(), c => c.Name == "FAILOVER" && c.Args.Count == 2 && c.Args[1] == "ABORT");
        }
        finally
        {
            lab.Resume(target);
        }
        Assert.Equal(primary, (await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(5))).NodeId);
        Assert.Equal(RespType.SimpleString, (await LabRun.CommandAsync(lab.Peers.Find(primary)!, "SET", "after-abort", "1")).Type);
    }

    [Fact]
    public async Task Cancellation_during_the_quiesce_aborts_the_handover()
    {
        using LabCluster lab = await LabRun.StartSettledAsync(3);
        string primary = (await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(5))).NodeId;
        string target = lab.Peers.First(p => p.Id != primary).Id;
        FailoverPlan plan = await LabRun.PlanAsync(lab, new FailoverRequest { Epoch = LabRun.ClockEpoch(), TargetNodeId = target });
        lab.Pause(target);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            FailoverResult result = await SwitchoverRunner.RunAsync(lab.Peers, plan, LabRun.Options, null, cts.Token);
            Assert.Equal(FailoverOutcome.RolledBack, result.GetOutcome());
            Assert.Contains("cancelled", result.Message);
            Assert.Null(result.OffsetGap);
        }
        finally
        {
            lab.Resume(target);
        }
        Assert.Contains(lab.Node(primary).Commands.Snapshot(), c => c.Name == "FAILOVER" && c.Args.Count == 2 && c.Args[1] == "ABORT");
    }

    [Fact]
    public async Task Twenty_switchovers_under_200_writes_a_second_lose_no_acknowledged_write()
    {
        using LabCluster lab = await LabRun.StartSettledAsync(3);
        var series = await SwitchoverSeries.RunAsync(lab, 20, 200, LabRun.Options, TimeSpan.FromSeconds(10));
        Assert.True(series.Acknowledged > 200, $"only {series.Acknowledged} writes were acknowledged");
        Assert.True(series.Lost.Count == 0, $"{series.Lost.Count} acknowledged write(s) lost: {string.Join(", ", series.Lost.Take(10))}");
        Assert.Equal(20, series.Results.Select(r => r.Epoch).Distinct().Count());
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class SyncProgress(Action<FailoverProgress> report) : IProgress<FailoverProgress>
    {
        public void Report(FailoverProgress value)
        {
            lock (this) report(value);
        }
    }
}
