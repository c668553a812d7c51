using KevyElect.Failover;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>
/// The module's planned switchover (what Invoke-KevyFailover runs) under the same load as the bare FAILOVER scenario:
/// its promise of no lost acknowledged write must hold on the real server, by its procedure, not by a kinder lab.
/// </summary>
public sealed class ModuleSwitchoverUnderLoadScenario : ConformanceScenario
{
    private const int Rounds = 2;

    public override string Id => "module-switchover-under-load";

    public override string Title => "Planned switchover under load with Invoke-KevyFailover: no acknowledged write lost";

    public override string Description => $"{Rounds} times: {BareFailoverUnderLoadScenario.WritesPerSecond} SETs/s through the lab's write load, the switchover planned (clock epoch, target by the candidate rule) "
        + "and run as Invoke-KevyFailover runs it, the load stopped once the new primary writes; every acknowledged write looked up on the new primary.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("outcomes"),
        FactRule.Same("drain proofs"),
        FactRule.Same("acknowledged writes lost"),
        FactRule.Same("both planes agree after"),
        FactRule.Within("longest write-unavailable ms the result reports", 1500),
        FactRule.Shown("steps of that switchover", "where the time went"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var outcomes = new List<string>();
        var proofs = new List<string>();
        int lost = 0;
        bool agree = true;
        double unavailable = 0;
        string slowest = "";
        for (int round = 0; round < Rounds; round++)
        {
            using var load = lab.StartWriteLoad(BareFailoverUnderLoadScenario.WritesPerSecond);
            await LabProbe.UntilAsync(() => Task.FromResult(load.AckCount >= BareFailoverUnderLoadScenario.WritesPerSecond / 2), TimeSpan.FromSeconds(10), "half a second of acknowledged writes", ct);
            var plan = FailoverPlanner.Plan(lab.Peers, await LabProbe.ReadAsync(lab, ct), new FailoverRequest { Epoch = LabProbe.ClockEpoch() });
            if (plan.IsRefused) throw new InvalidOperationException("the switchover was refused: " + plan.Describe());
            var result = await SwitchoverRunner.RunAsync(lab.Peers, plan, Runs.Options, null, ct);
            outcomes.Add(result.Outcome.ToString());
            proofs.Add(result.Drain?.Verdict.ToString() ?? "none");
            if (!(result.WriteUnavailableMs <= unavailable))
            {
                unavailable = result.WriteUnavailableMs ?? double.NaN;
                slowest = string.Join(", ", result.Steps.Select(s => $"{s.Name} {s.GetDuration().TotalMilliseconds:0} ms"));
            }
            if (result.NewPrimary is string target && result.GetOutcome() == FailoverOutcome.Succeeded)
            {
                await LabProbe.UntilAsync(() => Task.FromResult(load.LastAck?.NodeId == target), TimeSpan.FromSeconds(10), $"the load to write on {target}", ct);
                await Task.Delay(300, ct);
                load.Stop();
                lost += (await LabProbe.MissingAsync(lab, target, load.GetAcks(), ct)).Count;
                agree &= await LabProbe.AgreeOnAsync(lab, target, ct);
                await lab.WaitForSteadyPrimaryAsync(TimeSpan.FromSeconds(30), ct);
            }
            else
            {
                throw new InvalidOperationException($"switchover {round + 1}: {result} | {string.Join(" | ", result.Steps)}");
            }
        }
        observe.Add("outcomes", string.Join(", ", outcomes));
        observe.Add("drain proofs", string.Join(", ", proofs));
        observe.Add("acknowledged writes lost", lost);
        observe.Add("both planes agree after", agree);
        observe.Add("longest write-unavailable ms the result reports", Math.Round(unavailable));
        observe.Add("steps of that switchover", slowest);
    }

    public override void Expect(ScenarioObservation o)
    {
        Assert.Equal(string.Join(", ", Enumerable.Repeat(nameof(FailoverOutcome.Succeeded), Rounds)), o.Text("outcomes"));
        Assert.Equal(string.Join(", ", Enumerable.Repeat(nameof(DrainVerdict.NoLoss), Rounds)), o.Text("drain proofs"));
        Assert.Equal(0, o.Number("acknowledged writes lost"));
        Assert.Equal("yes", o.Text("both planes agree after"));
    }
}
