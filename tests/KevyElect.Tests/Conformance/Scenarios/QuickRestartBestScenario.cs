using System.Diagnostics;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>The primary that is also the best candidate (lowest id, equal offsets) is killed and started again at once.</summary>
public sealed class QuickRestartBestScenario : ConformanceScenario
{
    public override string Id => "quick-restart-best";

    public override string Title => "Primary restarted before the others replace it (the best candidate)";

    public override string Description => "The primary, the lowest id, is killed and restarted 300 ms later; a SET is tried on every node every 20 ms until one takes it.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("restarted node's ROLE names"),
        FactRule.Same("next writer"),
        FactRule.Within("writes reopen after ms", 1500),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var primary = await LabProbe.PrimaryAsync(lab, ct);
        if (primary.NodeId != lab.NodeIds.Min(StringComparer.Ordinal))
            throw new InvalidOperationException($"needs the lowest id as primary; {primary.NodeId} is");
        var clock = Stopwatch.StartNew();
        lab.Crash(primary.NodeId);
        await Task.Delay(300, ct);
        lab.Restart(primary.NodeId);
        observe.Add("restarted node's ROLE names", await LabProbe.RoleNamesAsync(lab, primary.NodeId, ct));
        var (writer, at) = await LabProbe.FirstWriteAsync(lab, lab.NodeIds, () => clock.Elapsed, TimeSpan.FromSeconds(30), ct);
        observe.Add("next writer", writer);
        observe.Add("writes reopen after ms", Math.Round(at.TotalMilliseconds));
    }

    public override void Expect(ScenarioObservation o)
    {
        Assert.Equal("no primary", o.Text("restarted node's ROLE names"));
        // With no known primary it waits one down_after from its first tick, then wins as the best candidate.
        Assert.Equal("n1", o.Text("next writer"));
        Assert.InRange(o.Number("writes reopen after ms"), 5000, 11000);
    }
}
