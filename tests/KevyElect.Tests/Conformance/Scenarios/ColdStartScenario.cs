using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>A fresh cluster: which node takes the first write and when, and whether every node then follows it.</summary>
public sealed class ColdStartScenario : ConformanceScenario
{
    public override string Id => "cold-start";

    public override string Title => "Cold start: who wins, when writes open";

    public override string Description => "Three nodes start together; a SET is tried on every node every 20 ms from the start until one takes it.";

    public override bool StartsSteady => false;

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("first writer"),
        FactRule.BothIn("writes open after ms", 4000, 9000, "an election after the DOWN timeout plus its randomized wait; kevy 5.4.0 took 4.5 to 8 s here, more under load"),
        FactRule.Same("epoch of the first primary"),
        FactRule.Same("every node follows it on both planes"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var (writer, at) = await LabProbe.FirstWriteAsync(lab, lab.NodeIds, () => lab.GetUptime(), TimeSpan.FromSeconds(30), ct);
        observe.Add("first writer", writer);
        observe.Add("writes open after ms", Math.Round(at.TotalMilliseconds));
        var primary = await lab.WaitForSteadyPrimaryAsync(TimeSpan.FromSeconds(30), ct);
        observe.Add("epoch of the first primary", primary.Epoch?.ToString(CultureInfo.InvariantCulture) ?? "?");
        observe.Add("every node follows it on both planes", await LabProbe.AgreeOnAsync(lab, primary.NodeId, ct));
    }

    public override void Expect(ScenarioObservation o)
    {
        // Equal offsets: the lowest id wins, after one down_after (5 s) of grace and one election round.
        Assert.Equal("n1", o.Text("first writer"));
        Assert.InRange(o.Number("writes open after ms"), 4500, 9000);
        Assert.Equal("2", o.Text("epoch of the first primary"));
        Assert.Equal("yes", o.Text("every node follows it on both planes"));
    }
}
