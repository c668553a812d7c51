using System.Diagnostics;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>The crashed old primary starts again: it must come back read-only and replicate from the new primary.</summary>
public sealed class RestartOldPrimaryScenario : ConformanceScenario
{
    /// <summary>How long ROLE is watched for -LOADING once the planes agree: a second, as the process lab's steady hold.</summary>
    private static readonly TimeSpan LoadingWatch = TimeSpan.FromSeconds(1);

    public override string Id => "restart-old-primary";

    public override string Title => "Restart of the old primary: rejoins as a read-only replica";

    public override string Description => "The node crashed by the scenario before starts again on its ports and data; its ROLE, INFO and a SET are read until both planes of every node agree on the new primary, and ROLE a second longer.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Shown("a write right after the restart", "kevy 5.4.0 took a write on some restarts (OK, lost at its resync) and refused it on others (READONLY); the lab refuses it"),
        FactRule.Shown("ROLE answered -LOADING while it rejoined", "kevy loads a snapshot on some rejoins and not on others (both seen); the lab on every one"),
        FactRule.Same("ROLE once rejoined"),
        FactRule.BothIn("rejoined after ms", 0, 5000, "kevy 5.4.0 took from 0.3 s to 2.8 s across runs, the lab about 0.2 s; an operator's bound is one down_after"),
        FactRule.Same("a write once rejoined"),
        FactRule.Same("the primary is unchanged"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var states = await lab.GetStateAsync(ct);
        var crashed = states.SingleOrDefault(s => !s.IsRunning)
            ?? throw new InvalidOperationException("needs a crashed old primary (the crash scenario runs before this one)");
        var primary = states.Single(s => s.IsWritablePrimary);
        var clock = Stopwatch.StartNew();
        lab.Restart(crashed.NodeId);
        observe.Add("a write right after the restart", await LabProbe.WriteAnswerAsync(lab, crashed.NodeId, ct));
        bool loading = false;
        await LabProbe.UntilAsync(async () =>
        {
            var role = await LabProbe.TryCommandAsync(lab, crashed.NodeId, ct, "ROLE");
            loading |= LabProbe.Answer(role) == "LOADING";
            return role is { IsError: false } && await LabProbe.AgreeOnAsync(lab, primary.NodeId, ct);
        }, TimeSpan.FromSeconds(20), $"{crashed.NodeId} to rejoin {primary.NodeId} on both planes", ct, TimeSpan.FromMilliseconds(2));
        observe.Add("rejoined after ms", Math.Round(clock.Elapsed.TotalMilliseconds));
        // kevy may load the new primary's snapshot a moment after its planes first agree: keep watching ROLE for a while.
        var hold = Stopwatch.StartNew();
        while (hold.Elapsed < LoadingWatch)
        {
            loading |= LabProbe.Answer(await LabProbe.TryCommandAsync(lab, crashed.NodeId, ct, "ROLE")) == "LOADING";
            await Task.Delay(TimeSpan.FromMilliseconds(2), ct);
        }
        observe.Add("ROLE answered -LOADING while it rejoined", loading);
        observe.Add("ROLE once rejoined", ReplyShape.Of(await LabProbe.CommandPastLoadingAsync(lab, crashed.NodeId, ct, "ROLE")));
        observe.Add("a write once rejoined", await LabProbe.WriteAnswerAsync(lab, crashed.NodeId, ct));
        observe.Add("the primary is unchanged", (await LabProbe.PrimaryAsync(lab, ct)).NodeId == primary.NodeId);
    }

    public override void Expect(ScenarioObservation o)
    {
        Assert.Contains(o.Text("a write right after the restart"), new[] { "READONLY", "OK" });
        Assert.Equal("[slave, bulk, int, connected, int]", o.Text("ROLE once rejoined"));
        Assert.Equal("READONLY", o.Text("a write once rejoined"));
        Assert.Equal("yes", o.Text("the primary is unchanged"));
    }
}
