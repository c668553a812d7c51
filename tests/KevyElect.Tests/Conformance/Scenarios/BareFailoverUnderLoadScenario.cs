using KevyElect.Lab;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>The data plane's own FAILOVER under a steady write load: what it loses, and how it leaves the two planes.</summary>
public sealed class BareFailoverUnderLoadScenario : ConformanceScenario
{
    public const int WritesPerSecond = 200;
    private const int Rounds = 3;

    public override string Id => "bare-failover-under-load";

    public override string Title => "Planned switchover under load with bare FAILOVER";

    public override string Description => $"{Rounds} times: {WritesPerSecond} SETs/s through the lab's write load, FAILOVER <replica> on the primary, the load stopped once the target takes a write; "
        + "every acknowledged write looked up on the target; then an ANNOUNCE brings the electors along for the next round.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("target writes after every FAILOVER"),
        FactRule.BothIn("acknowledged writes lost in all runs", 0, 40, "varies from run to run"),
        FactRule.Shown("lost per run", "the detail of the total"),
        FactRule.Same("both planes agree after FAILOVER alone"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var lost = new List<int>();
        bool agreed = false;
        for (int round = 0; round < Rounds; round++)
        {
            var primary = await LabProbe.PrimaryAsync(lab, ct);
            string target = lab.NodeIds.First(id => id != primary.NodeId);
            using var load = lab.StartWriteLoad(WritesPerSecond);
            await LabProbe.UntilAsync(() => Task.FromResult(load.AckCount >= WritesPerSecond / 2), TimeSpan.FromSeconds(10), "half a second of acknowledged writes", ct);
            var reply = await LabProbe.CommandAsync(lab, primary.NodeId, ct, "FAILOVER", "127.0.0.1", LabProbe.Peer(lab, target).ClientPort.ToString(CultureInfo.InvariantCulture));
            if (reply.IsError) throw new InvalidOperationException($"FAILOVER on {primary.NodeId}: -{reply.Text}");
            await lab.WaitUntilAsync(s => s.Single(n => n.NodeId == target).DataRole == "master", TimeSpan.FromSeconds(15), $"{target} to be a data-plane master", ct);
            // The load follows the primary ROLE names, which a bare FAILOVER leaves on the old one: it is stopped once the
            // target writes, and what the old primary acknowledged before is looked up on the target.
            await LabProbe.UntilAsync(async () => await LabProbe.WriteAnswerAsync(lab, target, ct) == "OK", TimeSpan.FromSeconds(10), $"{target} to take writes", ct);
            load.Stop();
            lost.Add((await LabProbe.MissingAsync(lab, target, load.GetAcks(), ct)).Count);
            agreed |= await LabProbe.AgreeOnAsync(lab, target, ct);
            // Bring the electors along so the next round starts from a steady lab.
            var announce = new AnnounceMessage(LabProbe.ClockEpoch(), target, LabProbe.Peer(lab, target).ClientAddress);
            await LabProbe.SendAsync(lab, announce, ct, new[] { target }.Concat(lab.NodeIds.Where(id => id != target)).ToArray());
            await LabProbe.WaitAgreeAsync(lab, target, TimeSpan.FromSeconds(15), ct);
            await lab.WaitForSteadyPrimaryAsync(TimeSpan.FromSeconds(30), ct);
        }
        observe.Add("target writes after every FAILOVER", true);
        observe.Add("acknowledged writes lost in all runs", lost.Sum());
        observe.Add("lost per run", string.Join(", ", lost));
        observe.Add("both planes agree after FAILOVER alone", agreed);
    }

    public override void Expect(ScenarioObservation o)
    {
        // FAILOVER moves only the data plane: the electors keep naming the old primary.
        Assert.Equal("no", o.Text("both planes agree after FAILOVER alone"));
    }
}
