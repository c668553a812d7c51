using KevyElect.Failover;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>
/// A primary that is not the best candidate (not the lowest id) is killed and started again before the others saw it
/// silent for down_after: does anyone take writes again by itself, and does a takeover end it?
/// </summary>
public sealed class QuickRestartNotBestScenario : ConformanceScenario
{
    /// <summary>Two down_after periods and more: far past any crash election.</summary>
    public static readonly TimeSpan Watched = TimeSpan.FromSeconds(12);

    public override string Id => "quick-restart-not-best";

    public override string Title => "Primary restarted before the others replace it (not the best candidate)";

    public override string Description => $"The primary (not the lowest id) is killed and restarted 300 ms later; the nodes are watched for {Watched.TotalSeconds:0} s, then a forced takeover is planned and run.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("restarted node's ROLE names"),
        FactRule.Shown($"a writable primary within {Watched.TotalSeconds:0} s", "whether the others replace the restarted node depends on whether it is back before they call it DOWN: kevy 5.4.0 under load was replaced on some runs"),
        FactRule.Same("the others' electors follow"),
        FactRule.Shown("switchover plan", "follows from the line above"),
        FactRule.Shown("takeover outcome", "follows from the line above"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var primary = await LabProbe.PrimaryAsync(lab, ct);
        if (primary.NodeId == lab.NodeIds.Min(StringComparer.Ordinal))
            throw new InvalidOperationException($"needs a primary that is not the lowest id; {primary.NodeId} is (the restart scenario runs before this one)");
        lab.Crash(primary.NodeId);
        await Task.Delay(300, ct);
        lab.Restart(primary.NodeId);
        observe.Add("restarted node's ROLE names", await LabProbe.RoleNamesAsync(lab, primary.NodeId, ct));
        bool writable = false;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<LabNodeState> states;
        do
        {
            await Task.Delay(500, ct);
            states = await lab.GetStateAsync(ct);
            writable |= states.Any(s => s.IsWritablePrimary);
        }
        while (watch.Elapsed < Watched && !writable);
        observe.Add($"a writable primary within {Watched.TotalSeconds:0} s", writable);
        observe.Add("the others' electors follow", string.Join(", ", states.Where(s => s.NodeId != primary.NodeId)
            .Select(s => s.KnownPrimaryId == primary.NodeId ? "the restarted node" : s.KnownPrimaryId ?? "none").Distinct()));

        // What the operator does: a switchover is refused (no primary); a takeover at a clock epoch ends it.
        var observations = await LabProbe.ReadAsync(lab, ct);
        var switchover = FailoverPlanner.Plan(lab.Peers, observations, new FailoverRequest { Epoch = LabProbe.ClockEpoch() });
        observe.Add("switchover plan", switchover.Refusal?.Code.ToString() ?? "not refused");
        var takeover = FailoverPlanner.Plan(lab.Peers, observations, new FailoverRequest { Takeover = true, Epoch = LabProbe.ClockEpoch() });
        var result = await TakeoverRunner.RunAsync(lab.Peers, takeover, Runs.Options, null, ct);
        observe.Add("takeover outcome", result.Outcome.ToString());
    }

    public override void Expect(ScenarioObservation o)
    {
        // The restarted node boots as a replica that knows no primary; its heartbeats keep it alive in the others' views.
        Assert.Equal("no primary", o.Text("restarted node's ROLE names"));
        if (o.Text($"a writable primary within {Watched.TotalSeconds:0} s") == "yes") return; // replaced before it was back: see Rules
        Assert.Equal("the restarted node", o.Text("the others' electors follow"));
        Assert.Equal(nameof(FailoverRefusalCode.NoPrimary), o.Text("switchover plan"));
        Assert.Equal(nameof(FailoverOutcome.Succeeded), o.Text("takeover outcome"));
    }
}
