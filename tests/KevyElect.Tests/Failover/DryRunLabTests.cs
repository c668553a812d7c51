using KevyElect.Failover;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Failover;

[Collection(KevyElect.Tests.Lab.LabChaosCollection.Name)]
public class DryRunLabTests
{
    private static readonly string[] ChangingCommands = { "FAILOVER", "REPLICAOF", "SLAVEOF", "SET", "DEL", "INCR" };

    [Fact]
    public async Task Pre_flight_and_planning_send_no_elect_frame_and_no_changing_command()
    {
        using LabCluster lab = await LabRun.StartSettledAsync(3);
        var ids = lab.Peers.Select(p => p.Id).ToHashSet();
        await Task.Delay(200);
        var before = Snapshot(lab, ids);

        FailoverPlan planned = await LabRun.PlanAsync(lab, new FailoverRequest { Epoch = LabRun.ClockEpoch() });
        FailoverPlan forced = await LabRun.PlanAsync(lab, new FailoverRequest { Epoch = LabRun.ClockEpoch(), Takeover = true });
        Assert.False(planned.IsRefused, planned.Describe());
        Assert.Equal(FailoverRefusalCode.PrimaryReachable_UseSwitchover, forced.Refusal?.GetCode());
        await Task.Delay(200);

        var after = Snapshot(lab, ids);
        Assert.Equal(before, after);
        foreach (LabNode node in lab.GetNodes())
            Assert.DoesNotContain(node.Commands.Snapshot(), c => ChangingCommands.Contains(c.Name));
    }

    /// <summary>Per node: frames from ids outside the table, ANNOUNCEs received, dropped connections.</summary>
    private static string Snapshot(LabCluster lab, HashSet<string> ids) => string.Join("; ", lab.GetNodes().Select(n =>
    {
        var frames = n.FramesReceived.Snapshot();
        return $"{n.NodeId}: foreign={frames.Count(f => f.SenderId != null && !ids.Contains(f.SenderId))} "
            + $"announce={frames.Count(f => f.GetVerb() == KevyElect.Protocol.ElectVerb.Announce)} dropped={frames.Count(f => f.Message == null)}";
    }));
}
