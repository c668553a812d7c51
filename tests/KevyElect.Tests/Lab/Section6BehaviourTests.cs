using KevyElect.DataPlane;
using KevyElect.Election;
using KevyElect.Lab;
using KevyElect.Net;
using KevyElect.Protocol;
using Xunit;
using static KevyElect.Tests.Lab.LabTestKit;

namespace KevyElect.Tests.Lab;

/// <summary>Each observed behaviour of the reference server (protocol.md section 6), reproduced by the lab.</summary>
[Collection(LabSocketCollection.Name)]
public sealed class Section6BehaviourTests
{
    [Fact]
    public Task Section6_ColdStart_ConfiguredPrimaryReportsMasterInInfoWhileRoleSaysSlave() =>
        // A long grace window keeps the first election away while the node is probed.
        RunAsync(FastOptions(3, t => t with { DownAfterMs = 3000 }), async lab =>
        {
            var n1 = lab.Node("n1");
            var info = await InfoAsync(n1);
            var role = await RoleAsync(n1);
            Assert.Equal(ReplicationRole.Master, info.Role);
            Assert.Equal(ReplicationRole.Slave, role.Kind);
            Assert.StartsWith("READONLY", await SetAsync(n1, "k", "v"));
            Assert.True(lab.NowMs < 3000, "probed before the grace window ended");
        });

    [Fact]
    public Task Section6_ColdStartWritesOpenAfterGraceAndElection() => RunAsync(3, async lab =>
    {
        var n1 = lab.Node("n1");
        string reply;
        while ((reply = await SetAsync(n1, "first", "write")) != "OK")
        {
            Assert.StartsWith("READONLY", reply);
            Assert.True(lab.NowMs < ElectionBound(Fast).TotalMilliseconds, "writes never opened");
            await Task.Delay(10);
        }
        long openedAt = lab.NowMs;
        Assert.True(openedAt >= Fast.DownAfterMs, $"writes opened at {openedAt} ms, before the {Fast.DownAfterMs} ms grace window");
        Assert.True(openedAt <= Fast.DownAfterMs + Fast.ElectionTimeoutMs + 500, $"writes opened at {openedAt} ms");
        // Equal offsets at cold start: the lowest id wins.
        Assert.Equal(ElectRole.Primary, n1.GetState().GetRole());
    });

    [Fact]
    public Task Section6_ReplicaRoleNamesPrimaryElectPort_InfoNamesItsReplicationPort() => RunAsync(3, async lab =>
    {
        var primary = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        var replica = lab.GetNodes().First(n => n != primary);
        await EventuallyAsync(async () => (await InfoAsync(replica)).IsMasterLinkUp, Patience, "the replica's link up");
        var role = await RoleAsync(replica);
        var info = await InfoAsync(replica);
        Assert.Equal(ReplicationRole.Slave, role.Kind);
        Assert.Equal("127.0.0.1", role.PrimaryHost);
        Assert.Equal(primary.Peer.ElectPort, role.PrimaryPort);
        Assert.Equal(primary.Peer.ClientPort + 10000, info.MasterPort);
        Assert.NotEqual(role.PrimaryPort, info.MasterPort);
    });

    [Fact]
    public Task Section6_ReplicaRoleOffsetCanDifferFromInfoOffset() =>
        RunAsync(new LabOptions { Nodes = 3, Timings = Fast, ApplyDelay = TimeSpan.FromSeconds(1), Seed = 3 }, async lab =>
        {
            var primary = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
            var replica = lab.GetNodes().First(n => n != primary);
            await EventuallyAsync(async () => (await InfoAsync(replica)).IsMasterLinkUp, Patience, "the replica's link up");
            Assert.Equal("OK", await SetAsync(primary, "k", "v"));
            // ROLE counts what arrived, INFO what was applied; the apply delay holds them apart.
            await EventuallyAsync(async () => (await RoleAsync(replica)).Offset == 1, Patience, "ROLE to count the write");
            Assert.Equal(0, (await InfoAsync(replica)).SlaveReplOffset);
            await EventuallyAsync(async () => (await InfoAsync(replica)).SlaveReplOffset == 1, Patience, "INFO to catch up");
        });

    [Fact]
    public Task Section6_AfterCrashElection_NewPrimaryMayReportSlaveInInfo() =>
        RunAsync(new LabOptions { Nodes = 3, Timings = Fast, PromotionDelay = TimeSpan.FromSeconds(3), Seed = 5 }, async lab =>
        {
            var old = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
            Assert.Equal("n1", old.NodeId);
            lab.Crash("n1");
            var next = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
            // Equal offsets: the lowest surviving id wins.
            Assert.Equal("n2", next.NodeId);
            Assert.Equal(ReplicationRole.Master, (await RoleAsync(next)).Kind);
            Assert.Equal(ReplicationRole.Slave, (await InfoAsync(next)).Role);
            Assert.Equal("OK", await SetAsync(next, "k", "writable"));
            // The data plane catches up with the election after the promotion delay.
            await EventuallyAsync(async () => (await InfoAsync(next)).Role == ReplicationRole.Master, TimeSpan.FromSeconds(5), "INFO to say master");
        });

    [Fact]
    public Task Section6_RestartedOldPrimaryRejoinsReadOnly() => RunAsync(3, async lab =>
    {
        var old = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        lab.Crash(old.NodeId);
        var next = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        lab.Restart(old.NodeId);
        Assert.StartsWith("READONLY", await SetAsync(old, "k", "v"));
        await EventuallyAsync(async () =>
        {
            var role = await RoleAsync(old);
            var info = await InfoAsync(old);
            return role.Kind == ReplicationRole.Slave && role.PrimaryPort == next.Peer.ElectPort
                && info.Role == ReplicationRole.Slave && info.MasterPort == next.Peer.ClientPort + 10000;
        }, ElectionBound(Fast), "the old primary to replicate from the new one");
        Assert.StartsWith("READONLY", await SetAsync(old, "k", "v"));
        Assert.Equal(ElectRole.Replica, old.GetState().GetRole());
        Assert.Equal(next.NodeId, (await lab.WaitForPrimaryAsync(Patience)).NodeId);
    });

    [Fact]
    public Task Section6_FailoverVerbMovesOnlyDataPlane() => RunAsync(3, async lab =>
    {
        var n1 = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        Assert.Equal("n1", n1.NodeId);
        LabNode n2 = lab.Node("n2"), n3 = lab.Node("n3");
        await EventuallyAsync(async () => (await InfoAsync(n2)).IsMasterLinkUp && (await InfoAsync(n3)).IsMasterLinkUp, Patience, "replicas linked");
        Assert.Equal("OK", (await CommandAsync(n1, "FAILOVER", "127.0.0.1", n2.Peer.ClientPort.ToString(CultureInfo.InvariantCulture))).Text);
        await EventuallyAsync(async () => (await InfoAsync(n2)).Role == ReplicationRole.Master, TimeSpan.FromSeconds(5), "the target to become a data-plane master");

        // Writes and INFO follow the target...
        Assert.Equal("OK", await SetAsync(n2, "k", "after-failover"));
        await EventuallyAsync(async () => (await InfoAsync(n1)).MasterPort == n2.Peer.ClientPort + 10000, Patience, "the old primary to replicate from the target");
        Assert.StartsWith("READONLY", await SetAsync(n1, "k", "v"));
        // Having resynced from the target, n1 loads its snapshot (ROLE answers -LOADING meanwhile).
        // The load may start a moment after the resync is seen, so wait for ROLE itself to answer.
        await EventuallyAsync(async () =>
        {
            try { return (await RoleAsync(n1)).Kind == ReplicationRole.Master; }
            catch (KevyReplyErrorException e) when (e.Error.Kind == DataPlaneErrorKind.Loading) { return false; }
        }, Patience, "n1's ROLE to answer once its snapshot is loaded");
        // ...while every elector still names n1, and n3 keeps replicating from n1: a chain.
        var role2 = await RoleAsync(n2);
        Assert.Equal(ReplicationRole.Slave, role2.Kind);
        Assert.Equal(n1.Peer.ElectPort, role2.PrimaryPort);
        Assert.Equal(n1.Peer.ClientPort + 10000, (await InfoAsync(n3)).MasterPort);
        Assert.All(lab.GetState(), s => Assert.Equal("n1", s.KnownPrimaryId));
        // Nothing reconciles it by itself.
        await Task.Delay(TimeSpan.FromMilliseconds(Fast.DownAfterMs));
        Assert.All(lab.GetState(), s => Assert.Equal("n1", s.KnownPrimaryId));
        Assert.Equal(ReplicationRole.Master, (await InfoAsync(n2)).Role);
    });

    [Fact]
    public Task Section6_UnknownSenderHbDemotesElectedPrimaryThenRecovers() => RunAsync(3, async lab =>
    {
        var n1 = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        Assert.Equal("n1", n1.NodeId);
        await ElectSender.SendOnceAsync("127.0.0.1", n1.Peer.ElectPort,
            new[] { new HbMessage(999, "intruder", ElectRole.Primary, 0) }, Patience, CancellationToken.None);

        var demoted = await lab.WaitUntilAsync(s => s[0].Epoch == 999, Patience, "n1 to adopt epoch 999");
        Assert.Equal(ElectRole.Replica, demoted[0].GetRole());
        Assert.Equal("intruder", demoted[0].KnownPrimaryId);
        Assert.Contains("intruder", demoted[0].LivePeers!);
        Assert.Equal(999UL, new ElectMetaFile(n1.DataDirectory).Load().Epoch);
        Assert.Equal(ReplicationRole.Slave, (await RoleAsync(n1)).Kind);
        // The data plane is not told: it keeps accepting writes.
        Assert.Equal("OK", await SetAsync(n1, "k", "still-writable"));

        // Once the unknown id is DOWN the old primary wins again, one epoch higher.
        var recovered = await lab.WaitUntilAsync(s => s[0].GetRole() == ElectRole.Primary && s[0].Epoch == 1000,
            ElectionBound(Fast), "n1 to win epoch 1000");
        Assert.All(recovered, s => Assert.Equal("n1", s.KnownPrimaryId));
        Assert.Equal(ReplicationRole.Master, (await RoleAsync(n1)).Kind);
    });

    [Fact]
    public Task Section6_ElectPortNeverAnswers() => RunAsync(3, async lab =>
    {
        await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        var n2 = lab.Node("n2");
        using (var valid = await RawElectClient.ConnectAsync(n2.Peer.ElectPort))
        {
            // A valid frame that changes nothing (an ACCEPT of an old epoch), then half a frame.
            await valid.SendAsync(Frame(new AcceptMessage(1, "n3")));
            await valid.SendAsync("*5\r\n$2\r\nHB\r\n$1"u8.ToArray());
            Assert.Equal(RawElectClient.Outcome.Silent, await valid.ReadAsync(TimeSpan.FromMilliseconds(300)));
        }
        using (var garbage = await RawElectClient.ConnectAsync(n2.Peer.ElectPort))
        {
            await garbage.SendAsync("*2\r\n$3\r\nFOO\r\n$1\r\nx\r\n"u8.ToArray());
            Assert.Equal(RawElectClient.Outcome.ClosedSilently, await garbage.ReadAsync(Patience));
        }
        Assert.Contains(n2.FramesReceived.Snapshot(), f => f.Message == null && f.DropReason!.Contains("WrongShape"));
    });
}
