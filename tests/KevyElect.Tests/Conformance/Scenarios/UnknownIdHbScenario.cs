using System.Diagnostics;
using KevyElect.Lab;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>One HB claiming primary at a high epoch, from an id outside the peer table, sent to the elected primary (protocol.md section 6).</summary>
public sealed class UnknownIdHbScenario : ConformanceScenario
{
    public override string Id => "unknown-id-hb";

    public override string Title => "An HB from an id outside the peer table";

    public override string Description => "HB <epoch + 997> intruder primary 0 to the primary's elect port; its ROLE, a SET and its elect.meta are read, then the nodes until one is elected again.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("its ROLE"),
        FactRule.Same("it persisted the HB's epoch"),
        FactRule.Same("its data plane takes writes"),
        FactRule.Same("the other electors"),
        FactRule.Same("next elected primary"),
        FactRule.SameOnceNormalized("its epoch", e => e.StartsWith("the HB's + ", StringComparison.Ordinal) ? "above the HB's" : e,
            "above the HB's: one epoch per election round, and kevy 5.4.0 needed a second round in some runs"),
        FactRule.BothIn("elected again after ms", 4000, 15000, "an election after the DOWN timeout plus its randomized wait; kevy 5.4.0 took 4.5 to 8 s here, 12.4 s when a first round failed (a backoff of 1 to 5 s, then another round)"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var primary = await LabProbe.PrimaryAsync(lab, ct);
        ulong epoch = (primary.Epoch ?? 1) + 997;
        var clock = Stopwatch.StartNew();
        await LabProbe.SendAsync(lab, new HbMessage(epoch, "intruder", ElectRole.Primary, 0), ct, primary.NodeId);
        await LabProbe.UntilAsync(async () => (await LabProbe.CommandAsync(lab, primary.NodeId, ct, "ROLE")).Items[0].Text == "slave",
            TimeSpan.FromSeconds(5), $"{primary.NodeId}'s ROLE to say slave", ct);
        observe.Add("its ROLE", ReplyShape.Of(await LabProbe.CommandAsync(lab, primary.NodeId, ct, "ROLE")));
        observe.Add("it persisted the HB's epoch", lab.GetState(primary.NodeId).Epoch == epoch);
        observe.Add("its data plane takes writes", await LabProbe.WriteAnswerAsync(lab, primary.NodeId, ct));
        var others = (await lab.GetStateAsync(ct)).Where(s => s.NodeId != primary.NodeId).ToArray();
        observe.Add("the other electors", string.Join(", ", others.Select(s => $"{s.NodeId} follows {s.KnownPrimaryId ?? "-"}")));
        var next = await lab.WaitUntilAsync(s => s.Any(n => n.GetRole() == ElectRole.Primary && n.Epoch > epoch && n.AcceptsWrites),
            TimeSpan.FromSeconds(30), "a primary elected above the HB's epoch", ct);
        observe.Add("elected again after ms", Math.Round(clock.Elapsed.TotalMilliseconds));
        var elected = next.First(n => n.GetRole() == ElectRole.Primary && n.Epoch > epoch);
        observe.Add("next elected primary", elected.NodeId == primary.NodeId ? "the same node" : elected.NodeId);
        observe.Add("its epoch", elected.Epoch == epoch + 1 ? "the HB's + 1" : $"the HB's + {elected.Epoch - epoch}");
    }

    public override void Expect(ScenarioObservation o)
    {
        // The elector follows the unknown id (ROLE names no node of the table) and persists its epoch; the data plane is not told.
        Assert.Equal("yes", o.Text("it persisted the HB's epoch"));
        Assert.Equal("OK", o.Text("its data plane takes writes"));
        // Once that id is DOWN (5 s) the old primary wins again, above the HB's epoch (one higher per election round).
        Assert.Equal("the same node", o.Text("next elected primary"));
        Assert.StartsWith("the HB's + ", o.Text("its epoch"));
        Assert.InRange(o.Number("elected again after ms"), 4500, 15000);
    }
}
