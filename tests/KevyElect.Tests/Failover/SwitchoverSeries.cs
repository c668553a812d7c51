using KevyElect.Internal;
using System.Diagnostics;
using KevyElect.Failover;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Failover;

/// <summary>
/// Planned switchovers in a row under a steady write load, on either lab backend: every result, and every
/// acknowledged write read back from the final primary.
/// </summary>
internal static class SwitchoverSeries
{
    public sealed record Outcome(IReadOnlyList<FailoverResult> Results, int Acknowledged, IReadOnlyList<string> Lost);

    /// <summary>Runs <paramref name="count"/> switchovers, each to the candidate rule's target once the lab is steady and the plan is ready.</summary>
    public static async Task<Outcome> RunAsync(ElectLab lab, int count, int writesPerSecond, FailoverRunOptions options, TimeSpan patience)
    {
        using LabWriteLoad load = lab.StartWriteLoad(writesPerSecond);
        var results = new List<FailoverResult>();
        for (int i = 0; i < count; i++)
        {
            await lab.WaitForSteadyPrimaryAsync(patience);
            FailoverPlan plan = await ReadyPlanAsync(lab, patience);
            FailoverResult result = await SwitchoverRunner.RunAsync(lab.Peers, plan, options, null, CancellationToken.None);
            Assert.True(result.GetOutcome() == FailoverOutcome.Succeeded,
                $"switchover {i + 1} ({plan.CurrentPrimaryId} -> {plan.TargetId}): {result} | {string.Join(" | ", result.Steps)}");
            Assert.True(result.Drain!.NoLoss, result.Drain.Describe());
            results.Add(result);
        }
        LabNodeState final = await lab.WaitForSteadyPrimaryAsync(patience);
        load.Stop();

        var acks = load.GetAcks();
        var node = lab.Peers.Find(final.NodeId)!;
        var lost = new List<string>();
        foreach (var ack in acks)
            if (await LabRun.GetAsync(node, ack.Key) != ack.Value) lost.Add($"{ack.Key} (acknowledged by {ack.NodeId})");
        return new Outcome(results, acks.Count, lost);
    }

    /// <summary>Switches over to <paramref name="nodeId"/> unless it already writes (to leave a shared lab as found).</summary>
    public static async Task MoveToAsync(ElectLab lab, string nodeId, FailoverRunOptions options, TimeSpan patience)
    {
        LabNodeState primary = await lab.WaitForSteadyPrimaryAsync(patience);
        if (primary.NodeId == nodeId) return;
        FailoverPlan plan = await ReadyPlanAsync(lab, patience, nodeId);
        FailoverResult result = await SwitchoverRunner.RunAsync(lab.Peers, plan, options, null, CancellationToken.None);
        Assert.True(result.GetOutcome() == FailoverOutcome.Succeeded, $"back to {nodeId}: {result}");
        await lab.WaitForSteadyPrimaryAsync(patience);
    }

    /// <summary>
    /// A plan that is not refused. Right after a switchover a real replica reloads a snapshot and learns the new
    /// primary's stream generation (its ROLE/INFO answer -LOADING meanwhile), so the plan may be refused for a moment.
    /// </summary>
    private static async Task<FailoverPlan> ReadyPlanAsync(ElectLab lab, TimeSpan patience, string? target = null)
    {
        FailoverPlan? plan = null;
        bool ready = await Poll.UntilAsync(async () =>
        {
            plan = FailoverPlanner.Plan(lab.Peers, await LabRun.ReadAsync(lab), new FailoverRequest { Epoch = LabRun.ClockEpoch(), TargetNodeId = target });
            return !plan.IsRefused;
        }, patience, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        if (!ready) Assert.Fail("no switchover plan ready: " + plan!.Describe());
        return plan!;
    }
}
