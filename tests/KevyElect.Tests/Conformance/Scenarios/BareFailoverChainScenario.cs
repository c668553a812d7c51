using System.Diagnostics;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>The data plane's own FAILOVER, with nobody bringing the electors along (protocol.md section 6): it leaves a chain.</summary>
public sealed class BareFailoverChainScenario : ConformanceScenario
{
    /// <summary>How long the scenario watches for anything to reconcile the two planes by itself.</summary>
    public static readonly TimeSpan Watched = TimeSpan.FromSeconds(3);

    public override string Id => "bare-failover-chain";

    public override string Title => "A bare data-plane FAILOVER without the electors";

    public override string Description => $"FAILOVER <replica> on the primary with no load; once the target is a data-plane master, every node's ROLE, INFO and a SET are read, and again {Watched.TotalSeconds:0} s later. The next scenario starts from the chain it leaves.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("FAILOVER"),
        FactRule.Within("target is a data-plane master after ms", 1000),
        FactRule.Same("writes on the target"),
        FactRule.Same("writes on the old primary"),
        FactRule.Same("old primary replicates from"),
        FactRule.Same("third node replicates from"),
        FactRule.Same("every elector names"),
        FactRule.Same($"unchanged {Watched.TotalSeconds:0} s later"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var primary = await LabProbe.PrimaryAsync(lab, ct);
        string[] replicas = lab.NodeIds.Where(id => id != primary.NodeId).ToArray();
        string target = replicas[0], third = replicas[1];
        var clock = Stopwatch.StartNew();
        var reply = await LabProbe.CommandAsync(lab, primary.NodeId, ct, "FAILOVER", "127.0.0.1", LabProbe.Peer(lab, target).ClientPort.ToString(CultureInfo.InvariantCulture));
        observe.Add("FAILOVER", reply.IsError ? "-" + reply.Text : "+" + reply.Text);
        await lab.WaitUntilAsync(s => s.Single(n => n.NodeId == target).DataRole == "master"
                && s.Single(n => n.NodeId == primary.NodeId) is { DataSourceId: var source, DataLinkUp: true } && source == target,
            TimeSpan.FromSeconds(15), $"{target} to be a data-plane master that {primary.NodeId} replicates from", ct);
        observe.Add("target is a data-plane master after ms", Math.Round(clock.Elapsed.TotalMilliseconds));
        string picture = await PictureAsync(lab, observe, primary.NodeId, target, third, record: true, ct);
        await Task.Delay(Watched, ct);
        observe.Add($"unchanged {Watched.TotalSeconds:0} s later", await PictureAsync(lab, observe, primary.NodeId, target, third, record: false, ct) == picture);
    }

    public override void Expect(ScenarioObservation o)
    {
        Assert.Equal("+OK", o.Text("FAILOVER"));
        Assert.Equal("OK", o.Text("writes on the target"));
        Assert.Equal("READONLY", o.Text("writes on the old primary"));
        Assert.Equal("the target", o.Text("old primary replicates from"));
        Assert.Equal("the old primary (a chain)", o.Text("third node replicates from"));
        Assert.Equal("the old primary", o.Text("every elector names"));
        Assert.Equal("yes", o.Text($"unchanged {Watched.TotalSeconds:0} s later"));
    }

    /// <summary>The planes as an operator reads them, in words relative to the roles, recorded the first time.</summary>
    private static async Task<string> PictureAsync(ElectLab lab, ScenarioObservation observe, string old, string target, string third, bool record, CancellationToken ct)
    {
        var states = await lab.GetStateAsync(ct);
        string Name(string? id) => id == old ? "the old primary" : id == target ? "the target" : id == third ? "the third node" : id ?? "none";
        var facts = new (string Name, string Text)[]
        {
            ("writes on the target", await LabProbe.WriteAnswerAsync(lab, target, ct)),
            ("writes on the old primary", await LabProbe.WriteAnswerAsync(lab, old, ct)),
            ("old primary replicates from", Name(states.Single(s => s.NodeId == old).DataSourceId)),
            ("third node replicates from", states.Single(s => s.NodeId == third).DataSourceId == old ? "the old primary (a chain)" : Name(states.Single(s => s.NodeId == third).DataSourceId)),
            ("every elector names", string.Join(", ", states.Select(s => Name(s.KnownPrimaryId)).Distinct())),
        };
        if (record)
        {
            foreach (var (name, text) in facts) observe.Add(name, text);
        }
        return string.Join("; ", facts.Select(f => f.Text));
    }
}
