using KevyElect.DataPlane;
using KevyElect.Lab;
using KevyElect.Net;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Lab.Process;

/// <summary>Partitions on a process lab are real: the relays between nodes cut both planes.</summary>
[Trait("Category", RealServer.Category)]
public sealed class ProcessLabPartitionTests : IClassFixture<ProcessLabFixture>
{
    // down_after (5 s) + an election round, with room for a loaded machine.
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(25);
    private readonly ProcessLabFixture _fixture;

    public ProcessLabPartitionTests(ProcessLabFixture fixture) => _fixture = fixture;

    [RealServerFact]
    public async Task APrimaryCutOffFromBothReplicas_FencesWrites_AndTheMajorityElects()
    {
        var lab = _fixture.Lab;
        lab.Isolate("n1");
        try
        {
            var states = await lab.WaitUntilAsync(s =>
                    s.Single(n => n.NodeId == "n1") is { AcceptsWrites: false, IsFenced: true, IsIsolated: true }
                    && s.Count(n => n.IsWritablePrimary) == 1,
                Failover, "n1 to fence its writes and n2 or n3 to take over");
            var elected = states.Single(s => s.IsWritablePrimary);
            Assert.NotEqual("n1", elected.NodeId);
            Assert.True(elected.Epoch > states.Single(s => s.NodeId == "n1").Epoch, "the new primary's epoch is above the cut-off one's");

            var n1 = lab.Peers.Find("n1")!;
            using var c = await KevyConnection.ConnectAsync("127.0.0.1", n1.ClientPort, TimeSpan.FromSeconds(2), CancellationToken.None);
            RespValue refused = await c.ExecuteAsync(TimeSpan.FromSeconds(2), CancellationToken.None, "SET", "partition:k", "v");
            Assert.True(refused.IsError, $"the cut-off primary took a write: {refused}");
            Assert.Equal(DataPlaneErrorKind.NoReplicas, DataPlaneError.FromReply(refused).Kind);
        }
        finally
        {
            lab.Heal();
        }
        // Healed, the lab settles on one primary that every node follows on both planes. Which one is the server's
        // business: a voter that missed the ANNOUNCE still names n1, and the real server may elect again (epoch 3
        // went to 5 in one run), so the old primary can win back.
        var healed = await lab.WaitForSteadyPrimaryAsync(Failover);
        var final = await lab.GetStateAsync();
        Assert.Single(final, s => s.IsWritablePrimary);
        Assert.All(final.Where(s => s.NodeId != healed.NodeId), s => Assert.Equal(healed.NodeId, s.KnownPrimaryId));
    }
}
