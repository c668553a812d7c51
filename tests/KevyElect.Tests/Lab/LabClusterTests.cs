using System.Diagnostics;
using KevyElect.Cluster;
using KevyElect.Election;
using KevyElect.Lab;
using KevyElect.Observe;
using KevyElect.Protocol;
using Xunit;
using static KevyElect.Tests.Lab.LabTestKit;

namespace KevyElect.Tests.Lab;

/// <summary>The lab's acceptance scenarios on real sockets with fast timings.</summary>
[Collection(LabSocketCollection.Name)]
public sealed class LabClusterTests
{
    [Fact]
    public Task ColdStart_ThreeNodes_ElectExactlyOnePrimary() => RunAsync(3, async lab =>
    {
        var primary = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        // Stays single: watch a few heartbeat rounds.
        for (int i = 0; i < 20; i++)
        {
            var states = lab.GetState();
            Assert.Single(states, s => s.GetRole() == ElectRole.Primary);
            await Task.Delay(25);
        }
        var final = await lab.WaitUntilAsync(s => s.All(n => n.KnownPrimaryId == primary.NodeId), Patience, "every node to know the primary");
        Assert.Single(final.Select(s => s.Epoch).Distinct());
        Assert.Equal("OK", await SetAsync(primary, "k", "v"));
    });

    [Fact]
    public Task WaitForSteady_ReturnsOnceEveryNodeFollowsThePrimaryOnBothPlanes_SoAProbeSaysHealthy() => RunAsync(5, async lab =>
    {
        var primary = await lab.WaitForSteadyAsync(ElectionBound(Fast) + Patience);

        var states = lab.GetState();
        Assert.Equal("master", states.Single(s => s.NodeId == primary.NodeId).DataRole);
        Assert.All(states.Where(s => s.NodeId != primary.NodeId), s =>
        {
            Assert.Equal(primary.NodeId, s.KnownPrimaryId);
            Assert.Equal(primary.NodeId, s.DataSourceId);
            Assert.True(s.DataLinkUp, $"{s.NodeId}'s replication link is not up");
        });
        var rows = await PeerProbe.ProbeAsync(lab.Peers, new ProbeOptions { Timeout = Patience }, CancellationToken.None);
        var summary = ClusterSummary.From(lab.Peers, rows);
        Assert.True(summary.GetVerdict() == ClusterVerdict.Healthy, $"{summary.GetVerdict()}: {string.Join("; ", summary.Reasons)}");
    });

    [Fact]
    public Task WaitForSteady_WaitsWhileARunningNodeFollowsNoOne() => RunAsync(3, async lab =>
    {
        lab.Pause("n3");
        await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        var waiting = lab.WaitForSteadyAsync(ElectionBound(Fast) + ElectionBound(Fast));
        // Everything the steady wait asks for holds except n3 (paused, following no one): it must still be waiting.
        await EventuallyAsync(() => Task.FromResult(OthersFollowTheirPrimary(lab.GetState(), "n3")), ElectionBound(Fast), "n1 and n2 steady on one primary");
        Assert.False(waiting.IsCompleted, "returned while n3 was paused and followed no one");

        lab.Resume("n3");
        var primary = await waiting;
        var n3 = lab.GetState().Single(s => s.NodeId == "n3");
        Assert.Equal(primary.NodeId == "n3" ? null : primary.NodeId, n3.DataSourceId);
        Assert.True(primary.NodeId == "n3" || n3.DataLinkUp, "n3's replication link is not up");
    });

    [Fact]
    public Task CrashingThePrimary_ElectsAnotherWithinDownAfterPlusElectionBound() => RunAsync(3, async lab =>
    {
        var old = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        var clock = Stopwatch.StartNew();
        lab.Crash(old.NodeId);
        var next = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        clock.Stop();
        Assert.NotEqual(old.NodeId, next.NodeId);
        Assert.True(clock.ElapsedMilliseconds >= Fast.DownAfterMs - 100, $"a failover waits for down_after, took {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed <= ElectionBound(Fast), $"failover took {clock.ElapsedMilliseconds} ms");
        Assert.Equal("OK", await SetAsync(next, "after", "crash"));
        Assert.False(lab.Node(old.NodeId).IsRunning);
    });

    [Fact]
    public Task FiveNodeSplit_OnlyTheMajorityHasAWritablePrimary_AndTheMinorityPrimaryFencesWrites() => RunAsync(5, async lab =>
    {
        var old = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        var minority = new[] { old.NodeId, lab.GetNodes().First(n => n != old).NodeId };
        var majority = lab.GetNodes().Select(n => n.NodeId).Except(minority).ToArray();
        lab.Split(minority, majority);

        var states = await lab.WaitUntilAsync(s =>
                s.Count(n => n.IsWritablePrimary) == 1 && majority.Contains(s.Single(n => n.IsWritablePrimary).NodeId)
                && s.Where(n => minority.Contains(n.NodeId)).All(n => !n.AcceptsWrites),
            ElectionBound(Fast) + ElectionBound(Fast), "a writable primary on the majority side only");
        var next = lab.Node(states.Single(n => n.IsWritablePrimary).NodeId);
        Assert.Equal("OK", await SetAsync(next, "k", "majority"));

        // The old primary still believes it is primary but its lease is gone: writes are fenced.
        var oldState = lab.Node(old.NodeId).GetState();
        Assert.Equal(ElectRole.Primary, oldState.GetRole());
        Assert.False(oldState.HasLease);
        Assert.StartsWith("NOREPLICAS", await SetAsync(old, "k", "minority"));
        Assert.StartsWith("READONLY", await SetAsync(lab.Node(minority[1]), "k", "minority"));
    });

    [Fact]
    public Task Heal_AfterSplit_LeavesOnePrimaryAndDemotesTheOldOne() => RunAsync(5, async lab =>
    {
        var old = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        var minority = new[] { old.NodeId, lab.GetNodes().First(n => n != old).NodeId };
        var majority = lab.GetNodes().Select(n => n.NodeId).Except(minority).ToArray();
        lab.Split(minority, majority);
        var s1 = await lab.WaitUntilAsync(s => s.Any(n => n.IsWritablePrimary && majority.Contains(n.NodeId)),
            ElectionBound(Fast) + ElectionBound(Fast), "a majority primary");
        string next = s1.Single(n => n.IsWritablePrimary).NodeId;

        lab.Heal();
        // The old primary's data plane follows the new one a moment after its elector does: until then (kevy's retarget
        // window) it is no replica and still takes writes.
        var healed = await lab.WaitUntilAsync(s =>
                s.Count(n => n.GetRole() == ElectRole.Primary) == 1 && s.All(n => n.KnownPrimaryId == next)
                && s.Single(n => n.NodeId == old.NodeId).DataSourceId == next,
            ElectionBound(Fast), "one primary known by all after the heal, the old one replicating from it");
        Assert.Equal(ElectRole.Replica, healed.Single(n => n.NodeId == old.NodeId).GetRole());
        Assert.StartsWith("READONLY", await SetAsync(old, "k", "v"));
        Assert.Equal(next, (await lab.WaitForPrimaryAsync(Patience)).NodeId);
    });

    [Fact]
    public Task RestartOfAVoter_KeepsItsElectMetaEpoch() => RunAsync(3, async lab =>
    {
        var primary = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        var voter = lab.GetNodes().First(n => n != primary);
        var before = await lab.WaitUntilAsync(s => s.Single(n => n.NodeId == voter.NodeId).KnownPrimaryId == primary.NodeId, Patience, "the voter to follow");
        ulong epoch = before.Single(n => n.NodeId == voter.NodeId).Epoch!.Value;
        Assert.True(epoch > 1, "the cold-start election raised the epoch");

        // Cut off, the restarted voter hears nobody: its epoch can only come from elect.meta.
        lab.Isolate(voter.NodeId);
        await Task.Delay(50);
        lab.Crash(voter.NodeId);
        Assert.Null(voter.GetState().Epoch);
        lab.Restart(voter.NodeId);
        var after = voter.GetState();
        Assert.True(after.IsRunning);
        Assert.Equal(epoch, after.Epoch);
        Assert.Null(after.KnownPrimaryId);
        Assert.Equal(new ElectMeta(epoch, after.VotedFor), new ElectMetaFile(voter.DataDirectory).Load());
    });

    [Fact]
    public Task PausedPrimary_IsReplaced_AndDemotesWhenResumed() => RunAsync(3, async lab =>
    {
        var old = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        long framesBefore = lab.GetNodes().Where(n => n != old).Sum(n => n.FramesReceived.Total);
        lab.Pause(old.NodeId);
        Assert.True(old.GetState().IsPaused);
        var next = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        Assert.NotEqual(old.NodeId, next.NodeId);
        // Paused means silent: no frame from it reached anyone since (its peers still hear each other).
        Assert.DoesNotContain(lab.GetNodes().Where(n => n != old).SelectMany(n => n.FramesReceived.Snapshot())
            .Where(f => f.At > DateTimeOffset.UtcNow.AddMilliseconds(-300)), f => f.SenderId == old.NodeId);

        lab.Resume(old.NodeId);
        await lab.WaitUntilAsync(s => s.Single(n => n.NodeId == old.NodeId) is { Role: "Replica" } o && o.KnownPrimaryId == next.NodeId,
            ElectionBound(Fast), "the resumed old primary to follow the new one");
        // Like kevy, a replica takes writes for a moment while it retargets to the new primary: wait for the gap to close.
        await Eventually.HoldsAsync(async () => (await SetAsync(old, "k", "v")).StartsWith("READONLY", StringComparison.Ordinal),
            ElectionBound(Fast), $"the demoted {old.NodeId} to refuse writes with READONLY");
        Assert.True(lab.GetNodes().Where(n => n != old).Sum(n => n.FramesReceived.Total) > framesBefore);
    });

    [Fact]
    public Task WriteLoad_RecordsAcksAndTheOutageAcrossAPrimaryCrash() => RunAsync(3, async lab =>
    {
        var old = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        var load = lab.StartWriteLoad(50);
        await lab.WaitUntilAsync(_ => load.AckCount >= 10, Patience, "ten acked writes");
        lab.Crash(old.NodeId);
        var next = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        int acked = load.AckCount;
        await lab.WaitUntilAsync(_ => load.AckCount >= acked + 10, Patience, "ten more acked writes");
        load.Stop();
        Assert.False(load.IsRunning);

        // The outage the crash caused ends with the first write the new primary acknowledged. (Not simply the
        // longest gap: a loaded machine can stall the load for as long while the old primary still writes.)
        var outage = load.Outages(TimeSpan.Zero).First(o => o.ToNodeId == next.NodeId);
        string gaps = string.Join("; ", load.Outages(TimeSpan.FromMilliseconds(100))
            .Select(o => $"{o.FromNodeId ?? "start"}->{o.ToNodeId} {o.GetDuration().TotalMilliseconds:0} ms"));
        Assert.True(load.LongestOutage()!.GetDuration() >= outage.GetDuration());
        Assert.True(outage.FromNodeId == old.NodeId, $"the crash outage starts on {outage.FromNodeId}, not {old.NodeId}; gaps: {gaps}");
        Assert.True(outage.GetDuration() >= TimeSpan.FromMilliseconds(Fast.DownAfterMs - 100), $"outage {outage.GetDuration()}; gaps: {gaps}");
        Assert.True(outage.GetDuration() <= ElectionBound(Fast), $"outage {outage.GetDuration()}; gaps: {gaps}");
        Assert.True(load.Errors > 0);
        // Every write acknowledged after the failover is on the new primary.
        foreach (var ack in load.GetAcks().Where(a => a.NodeId == next.NodeId))
            Assert.Equal(ack.Value, (await CommandAsync(next, "GET", ack.Key)).Text);
        Assert.Equal(load.GetAcks().Select(a => a.Sequence), Enumerable.Range(1, load.AckCount).Select(i => (long)i));
    });

    [Fact]
    public Task SingleNodeLab_ElectsItselfAfterTheGraceWindow() => RunAsync(1, async lab =>
    {
        var only = await lab.WaitForPrimaryAsync(ElectionBound(Fast));
        Assert.Equal("n1", only.NodeId);
        Assert.Equal("OK", await SetAsync(only, "k", "v"));
    });

    [Fact]
    public async Task Options_OutOfRange_AreRefusedNamingTheOption()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => LabCluster.StartAsync(new LabOptions { Nodes = 16 }));
        Assert.Contains("1 to 15", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => LabCluster.StartAsync(new LabOptions { Timings = Fast with { DownAfterMs = 0 } }));
        Assert.Contains("DownAfterMs", ex.Message);
        // Other collections' labs may be running: none of them is one of the refused two.
        Assert.DoesNotContain(LabCluster.Running.OfType<LabCluster>(), l => l.GetOptions().Nodes == 16 || l.GetOptions().Timings.DownAfterMs == 0);
    }

    [Fact]
    public Task PeerTable_UsesTheReferencePortLayout() => RunAsync(3, lab =>
    {
        Assert.Equal(3, lab.Peers.Count);
        var table = KevyElect.Cluster.PeerTable.Parse(lab.Peers.ToString());
        for (int i = 0; i < 3; i++)
        {
            var p = table[i];
            Assert.Equal("n" + (i + 1), p.Id);
            Assert.Equal("127.0.0.1", p.Host);
            Assert.Equal(p.ClientPort + 200, p.ElectPort);
            Assert.Equal(table[0].ClientPort + i, p.ClientPort);
        }
        return Task.CompletedTask;
    });

    [Fact]
    public Task UnknownNodeIds_AreRefusedNamingTheLabsNodes() => RunAsync(3, lab =>
    {
        var ex = Assert.Throws<ArgumentException>(() => lab.Crash("n9"));
        Assert.Contains("n9", ex.Message);
        Assert.Contains("n1, n2, n3", ex.Message);
        Assert.Throws<ArgumentException>(() => lab.Split(new[] { "n1" }, new[] { "n2" }));
        Assert.Throws<InvalidOperationException>(() => lab.Restart("n1"));
        return Task.CompletedTask;
    });

    /// <summary>One writable primary that every running node other than <paramref name="except"/> follows on both planes.</summary>
    private static bool OthersFollowTheirPrimary(IReadOnlyList<LabNodeState> states, string except)
    {
        var primaries = states.Where(s => s.IsWritablePrimary).ToArray();
        if (primaries.Length != 1) return false;
        string primary = primaries[0].NodeId;
        return states.Where(s => s.IsRunning && s.NodeId != primary && s.NodeId != except)
            .All(s => s.KnownPrimaryId == primary && s.DataSourceId == primary && s.DataLinkUp && !s.IsLoading);
    }
}
