using System.Diagnostics;
using KevyElect.Protocol;
using KevyElect.Cluster;
using KevyElect.Lab;
using KevyElect.Observe;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>The primary is cut off from both replicas on both planes; clients still reach it.</summary>
public sealed class IsolatedPrimaryScenario : ConformanceScenario
{
    public override string Id => "isolated-primary";

    public override string Title => "A primary cut off from both replicas";

    public override string Description => "Every connection between the primary and the others is cut; a SET is tried on every node every 20 ms until the primary refuses and another node takes writes as primary (by ROLE); then the cut is healed.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("the cut-off primary answers writes"),
        FactRule.BothIn("fenced after ms", 4000, 9000, "a primary fences once its lease of one down_after runs out; kevy 5.4.0 took from 5.0 to 6.4 s across runs, the lab 5.0 s"),
        FactRule.Shown("majority's primary", "with the replicas caught up their offsets tie and the lower id should win; the lab elects n2, kevy 5.4.0 elected n3 in one run of ten"),
        FactRule.BothIn("majority takes writes after ms", 4000, 9000, "one down_after and an election round; kevy 5.4.0 took up to 6.4 s, the lab about 5.1 s"),
        FactRule.Same("the cut-off primary's ROLE"),
        FactRule.Same("one primary everyone follows after the heal"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var primary = await LabProbe.PrimaryAsync(lab, ct);
        string[] majority = lab.NodeIds.Where(id => id != primary.NodeId).ToArray();
        // Replicas caught up, so their offsets tie and the lowest id wins: a write of an earlier scenario on this lab
        // still on its way to one replica at the cut would decide the election instead.
        var status = await ClusterWaiter.WaitAsync(lab.Peers, new ClusterCondition(caughtUp: true),
            new ClusterWaitOptions { Timeout = TimeSpan.FromSeconds(20), Interval = LabProbe.Poll, ProbeTimeout = LabProbe.Call }, null, ct);
        if (!status.IsMet) throw new TimeoutException(status.DescribeTimeout());
        var clock = Stopwatch.StartNew();
        lab.Isolate(primary.NodeId);
        try
        {
            string? fence = null;
            TimeSpan fencedAt = default;
            (string NodeId, TimeSpan At)? elected = null;
            while (fence == null || elected == null)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                    throw new TimeoutException($"after 30 s: fence {fence ?? "none"}, majority primary {elected?.NodeId ?? "none"}");
                if (fence == null)
                {
                    string answer = await LabProbe.WriteAnswerAsync(lab, primary.NodeId, ct);
                    if (answer != "OK")
                    {
                        fence = answer;
                        fencedAt = clock.Elapsed;
                    }
                }
                if (elected == null)
                {
                    foreach (string id in majority)
                    {
                        if (await LabProbe.PrimaryWriteAnswerAsync(lab, id, ct) == "OK")
                        {
                            elected = (id, clock.Elapsed);
                            break;
                        }
                    }
                }
                await Task.Delay(LabProbe.Poll, ct);
            }
            observe.Add("the cut-off primary answers writes", fence);
            observe.Add("fenced after ms", Math.Round(fencedAt.TotalMilliseconds));
            observe.Add("majority's primary", elected.Value.NodeId);
            observe.Add("majority takes writes after ms", Math.Round(elected.Value.At.TotalMilliseconds));
            observe.Add("the cut-off primary's ROLE", ReplyShape.Of(await LabProbe.CommandAsync(lab, primary.NodeId, ct, "ROLE")));
        }
        finally
        {
            lab.Heal();
        }
        // Which node ends up primary after the heal is the election's business (the old one may win back).
        var healed = await lab.WaitForSteadyPrimaryAsync(TimeSpan.FromSeconds(40), ct);
        observe.Add("one primary everyone follows after the heal", await LabProbe.AgreeOnAsync(lab, healed.NodeId, ct)
            && (await lab.GetStateAsync(ct)).Count(s => s.GetRole() == ElectRole.Primary) == 1);
    }

    public override void Expect(ScenarioObservation o)
    {
        // Its lease ends once it has not heard a majority for down_after (5 s); the majority elects after the same silence.
        Assert.Equal("NOREPLICAS", o.Text("the cut-off primary answers writes"));
        Assert.InRange(o.Number("fenced after ms"), 4000, 7000);
        // One of the two the primary was cut off from (the lab, by the tie rule, n2; kevy has elected either).
        Assert.Contains(o.Text("majority's primary"), new[] { "n2", "n3" });
        Assert.InRange(o.Number("majority takes writes after ms"), 4000, 9000);
        Assert.Equal("yes", o.Text("one primary everyone follows after the heal"));
    }
}
