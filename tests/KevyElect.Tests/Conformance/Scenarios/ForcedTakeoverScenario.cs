using KevyElect.Failover;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>The primary and a replica die; the one node left cannot elect. The module's forced takeover, with a stand-in voter.</summary>
public sealed class ForcedTakeoverScenario : ConformanceScenario
{
    public override string Id => "forced-takeover";

    public override string Title => "A forced takeover after a majority is lost";

    public override string Description => "The primary and one replica are killed; the survivor is taken over (Invoke-KevyFailover -Takeover -AcceptDataLoss -StandInVoter at a clock epoch); "
        + "the two are started again, then the stand-in voter is stopped.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("the survivor alone takes writes"),
        FactRule.Same("takeover plan"),
        FactRule.Same("takeover outcome"),
        FactRule.Same("the survivor takes writes after it"),
        FactRule.Same("the restarted nodes follow it on both planes"),
        FactRule.Same("it takes writes once the stand-in stops"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var primary = await LabProbe.PrimaryAsync(lab, ct);
        string[] replicas = lab.NodeIds.Where(id => id != primary.NodeId).ToArray();
        string lostReplica = replicas[0], survivor = replicas[1];
        lab.Crash(primary.NodeId);
        lab.Crash(lostReplica);
        // Past down_after, so the survivor's view of its peers is what it is going to be.
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        observe.Add("the survivor alone takes writes", await LabProbe.WriteAnswerAsync(lab, survivor, ct));

        var plan = FailoverPlanner.Plan(lab.Peers, await LabProbe.ReadAsync(lab, ct),
            new FailoverRequest { Takeover = true, TargetNodeId = survivor, AcceptDataLoss = true, AllowStandInVoter = true, Epoch = LabProbe.ClockEpoch() });
        observe.Add("takeover plan", plan.IsRefused ? "refused: " + plan.Refusal!.Code : $"{plan.StandInVotersNeeded} stand-in voter(s)");
        var result = await TakeoverRunner.RunAsync(lab.Peers, plan, Runs.Options, null, ct);
        using var standIn = result.StandIn;
        observe.Add("takeover outcome", result.Outcome.ToString());
        observe.Add("the survivor takes writes after it", await LabProbe.WriteAnswerAsync(lab, survivor, ct));

        lab.Restart(primary.NodeId);
        lab.Restart(lostReplica);
        bool follow = true;
        try { await LabProbe.WaitAgreeAsync(lab, survivor, TimeSpan.FromSeconds(20), ct); }
        catch (TimeoutException) { follow = false; }
        observe.Add("the restarted nodes follow it on both planes", follow);
        standIn?.Stop();
        // The survivor's lease now rests on the two real nodes; give it a down_after to lose the stand-in's heartbeats.
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        observe.Add("it takes writes once the stand-in stops", await LabProbe.WriteAnswerAsync(lab, survivor, ct));
    }

    public override void Expect(ScenarioObservation o)
    {
        Assert.Equal("READONLY", o.Text("the survivor alone takes writes"));
        Assert.Equal("1 stand-in voter(s)", o.Text("takeover plan"));
        Assert.Equal(nameof(FailoverOutcome.Succeeded), o.Text("takeover outcome"));
        Assert.Equal("OK", o.Text("the survivor takes writes after it"));
        Assert.Equal("yes", o.Text("the restarted nodes follow it on both planes"));
        Assert.Equal("OK", o.Text("it takes writes once the stand-in stops"));
    }
}
