using KevyElect.Lab;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>
/// Bringing the electors along after a bare FAILOVER with an ANNOUNCE naming its target: each replica whose data plane
/// the ANNOUNCE retargets drops its upstream and follows the target, and writes sent to it meanwhile are watched for.
/// Then the same with an ANNOUNCE that names the primary every node already follows, at a higher epoch.
/// </summary>
public sealed class AnnounceAfterBareFailoverScenario : ConformanceScenario
{
    private const int RepeatedAnnounces = 3;

    public override string Id => "announce-after-bare-failover";

    public override string Title => "An ANNOUNCE after a bare FAILOVER: stray writes on retargeted replicas";

    public override string Description => "From the chain the bare FAILOVER left: SETs sent back to back to the old primary and the third node while ANNOUNCE <clock epoch> <target> "
        + $"reaches the target, then them; then {RepeatedAnnounces} more ANNOUNCEs naming the target at higher epochs, with the same SETs to both replicas.";

    public override bool StartsSteady => false;

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Shown("replicas took stray writes during the retarget", "a window of a few milliseconds that the SETs catch on some runs and not on others, on both backends; what counts is that none survives"),
        FactRule.Same("stray writes the new primary holds"),
        FactRule.Same("both planes agree on the target after"),
        FactRule.Same("replicas took stray writes on a repeated ANNOUNCE"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var states = await lab.GetStateAsync(ct);
        var target = states.SingleOrDefault(s => s.DataRole == "master" && s.GetRole() != ElectRole.Primary)
            ?? throw new InvalidOperationException("needs the chain a bare FAILOVER leaves (the bare-failover scenario runs before this one): " + string.Join("; ", states.Select(ElectLab.Describe)));
        string[] others = lab.NodeIds.Where(id => id != target.NodeId).ToArray();

        var first = await HammerAnnounceAsync(lab, target.NodeId, others, "stray", ct);
        observe.Add("replicas took stray writes during the retarget", first.Count > 0);
        int kept = 0;
        foreach (var (_, key) in first)
            if ((await LabProbe.CommandAsync(lab, target.NodeId, ct, "GET", key)).Text == "stray") kept++;
        observe.Add("stray writes the new primary holds", kept == 0 ? "none" : $"{kept} of {first.Count}");
        await LabProbe.WaitAgreeAsync(lab, target.NodeId, TimeSpan.FromSeconds(15), ct);
        observe.Add("both planes agree on the target after", true);

        int repeated = 0;
        for (int i = 0; i < RepeatedAnnounces; i++)
            repeated += (await HammerAnnounceAsync(lab, target.NodeId, others, "repeat" + i, ct)).Count;
        observe.Add("replicas took stray writes on a repeated ANNOUNCE", repeated > 0);
        await LabProbe.WaitAgreeAsync(lab, target.NodeId, TimeSpan.FromSeconds(15), ct);
    }

    public override void Expect(ScenarioObservation o)
    {
        Assert.Equal("none", o.Text("stray writes the new primary holds"));
        Assert.Equal("yes", o.Text("both planes agree on the target after"));
    }

    /// <summary>SETs to <paramref name="replicas"/> back to back while an ANNOUNCE of <paramref name="target"/> at a clock epoch reaches the target and then them.</summary>
    private static async Task<IReadOnlyList<(string NodeId, string Key)>> HammerAnnounceAsync(ElectLab lab, string target, string[] replicas, string prefix, CancellationToken ct)
    {
        await using var hammer = new WriteHammer(lab, "conformance:" + prefix, replicas);
        await LabProbe.UntilAsync(() => Task.FromResult(hammer.Attempts > 50), TimeSpan.FromSeconds(5), "the SETs to start", ct);
        var announce = new AnnounceMessage(LabProbe.ClockEpoch(), target, LabProbe.Peer(lab, target).ClientAddress);
        await LabProbe.SendAsync(lab, announce, ct, new[] { target }.Concat(replicas).ToArray());
        await LabProbe.WaitAgreeAsync(lab, target, TimeSpan.FromSeconds(15), ct);
        await Task.Delay(300, ct);
        await hammer.StopAsync();
        return hammer.Accepted;
    }
}
