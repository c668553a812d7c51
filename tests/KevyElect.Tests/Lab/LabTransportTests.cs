using System.Text;
using KevyElect.Election;
using KevyElect.Lab;
using KevyElect.Protocol;
using Xunit;
using static KevyElect.Tests.Lab.LabTestKit;

namespace KevyElect.Tests.Lab;

/// <summary>The lab's election transport behaves as the reference's (protocol.md section 2).</summary>
[Collection(LabChaosCollection.Name)]
public sealed class LabTransportTests
{
    [Fact]
    public Task Transport_DropsAConnectionHolding16KiBWithoutAFrame() => RunAsync(3, async lab =>
    {
        var n1 = lab.Node("n1");
        using var client = await RawElectClient.ConnectAsync(n1.Peer.ElectPort);
        // A bulk string announced at 20000 bytes is a valid prefix until the 16 KiB limit.
        var prefix = Encoding.ASCII.GetBytes("*5\r\n$2\r\nHB\r\n$20000\r\n");
        await client.SendAsync(prefix.Concat(new byte[FrameReader.MaxBufferedBytes]).ToArray());
        Assert.Equal(RawElectClient.Outcome.ClosedSilently, await client.ReadAsync(Patience));
        Assert.Contains(n1.FramesReceived.Snapshot(), f => f.Message == null && f.DropReason!.Contains("16384"));
    });

    [Fact]
    public Task Transport_SenderIdentityIsTakenFromTheMessage() => RunAsync(3, async lab =>
    {
        var n3 = lab.Node("n3");
        // Cut from its peers, n3 hears n2 only through this anonymous connection.
        lab.Isolate("n3");
        await Task.Delay(TimeSpan.FromMilliseconds(Fast.DownAfterMs));
        using var client = await RawElectClient.ConnectAsync(n3.Peer.ElectPort);
        await client.SendAsync(Frame(new HbMessage(1, "n2", ElectRole.Replica, 4242)));
        var states = await lab.WaitUntilAsync(s => s[2].GetPeerViews()!.TryGetValue("n2", out var v) && v.ReplOffset == 4242,
            Patience, "n3 to record the HB as n2's");
        Assert.Contains("n2", states[2].LivePeers!);
        Assert.DoesNotContain("n1", states[2].LivePeers!);
        var record = n3.FramesReceived.Snapshot().Last(f => f.Message is HbMessage { ReplOffset: 4242 });
        Assert.Equal("n2", record.SenderId);
        Assert.Equal(RawElectClient.Outcome.Silent, await client.ReadAsync(TimeSpan.FromMilliseconds(100)));
    });

    [Fact]
    public Task Transport_EachNodeDialsOneConnectionPerPeerAndFramesStopAcrossACut() => RunAsync(3, async lab =>
    {
        await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        await lab.WaitUntilAsync(_ => lab.GetNodes().All(n => n.InboundConnections == 2), Patience, "two inbound connections per node");
        lab.Isolate("n1");
        await lab.WaitUntilAsync(_ => lab.Node("n1").InboundConnections == 0, Patience, "n1's inbound connections to close");
        long received = lab.Node("n1").FramesReceived.Total;
        await Task.Delay(TimeSpan.FromMilliseconds(Fast.HbIntervalMs * 4));
        Assert.Equal(received, lab.Node("n1").FramesReceived.Total);
        lab.Heal();
        await lab.WaitUntilAsync(_ => lab.Node("n1").FramesReceived.Total > received + 2, Patience, "frames to flow again");
    });

    [Fact]
    public Task Section6_EpochIsNotVisibleOnTheDataPlane() => RunAsync(3, async lab =>
    {
        var primary = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        foreach (var node in lab.GetNodes())
        {
            string info = (await CommandAsync(node, "INFO", "replication")).Text!;
            Assert.DoesNotContain("epoch", info, StringComparison.OrdinalIgnoreCase);
        }
        Assert.True(primary.GetState().Epoch > 1, "the epoch is only in the lab's state and elect.meta");
    });
}
