using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>What FAILOVER answers, and what writes answer during its quiesce and after FAILOVER ABORT.</summary>
public sealed class FailoverRepliesScenario : ConformanceScenario
{
    public override string Id => "failover-replies";

    public override string Title => "FAILOVER's replies and the quiesce it puts on writes";

    public override string Description => "FAILOVER on a replica; FAILOVER 0.0.0.0 0 TIMEOUT 5000 on the primary (a target it can never reach) and a SET during its quiesce; FAILOVER ABORT and a SET after it.";

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("FAILOVER on a replica"),
        FactRule.Same("FAILOVER without a port"),
        FactRule.Same("FAILOVER to an unreachable target"),
        FactRule.Same("a write during the quiesce"),
        FactRule.Same("a read during the quiesce"),
        FactRule.Same("FAILOVER ABORT"),
        FactRule.Same("a write after the abort"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        var primary = await LabProbe.PrimaryAsync(lab, ct);
        string replica = lab.NodeIds.First(id => id != primary.NodeId);
        observe.Add("FAILOVER on a replica", Reply(await LabProbe.CommandAsync(lab, replica, ct, "FAILOVER", "127.0.0.1", "1")));
        observe.Add("FAILOVER without a port", Reply(await LabProbe.CommandAsync(lab, primary.NodeId, ct, "FAILOVER", "127.0.0.1")));
        observe.Add("FAILOVER to an unreachable target", Reply(await LabProbe.CommandAsync(lab, primary.NodeId, ct, "FAILOVER", "0.0.0.0", "0", "TIMEOUT", "5000")));
        try
        {
            observe.Add("a write during the quiesce", Reply(await LabProbe.CommandAsync(lab, primary.NodeId, ct, "SET", "conformance:quiesce", "1")));
            observe.Add("a read during the quiesce", (await LabProbe.CommandAsync(lab, primary.NodeId, ct, "GET", "conformance:quiesce")).IsError ? "refused" : "answered");
        }
        finally
        {
            observe.Add("FAILOVER ABORT", Reply(await LabProbe.CommandAsync(lab, primary.NodeId, ct, "FAILOVER", "ABORT")));
        }
        observe.Add("a write after the abort", Reply(await LabProbe.CommandAsync(lab, primary.NodeId, ct, "SET", "conformance:quiesce", "2")));
    }

    public override void Expect(ScenarioObservation o)
    {
        Assert.Equal("-ERR FAILOVER: this node is a replica — run it on the primary", o.Text("FAILOVER on a replica"));
        Assert.Equal("+OK", o.Text("FAILOVER to an unreachable target"));
        Assert.Equal("-QUIESCED migrating to 0.0.0.0:0", o.Text("a write during the quiesce"));
        Assert.Equal("answered", o.Text("a read during the quiesce"));
        Assert.Equal("+OK", o.Text("FAILOVER ABORT"));
        Assert.Equal("+OK", o.Text("a write after the abort"));
    }

    private static string Reply(KevyElect.Protocol.RespValue reply) => (reply.IsError ? "-" : "+") + reply.Text;
}
