using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.DataPlane;

/// <summary>FAILOVER moves the data plane (INFO, writes) to the target and leaves the electors (ROLE) alone.</summary>
public sealed class FailoverHandoverTests
{
    private const string ReadOnly = "-READONLY You can't write against a read only replica.";

    private static async Task<LabFixture> SteadyAsync()
    {
        var lab = new LabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        var c = await lab.ClientAsync("n1");
        Assert.Equal("OK", await c.TextAsync("SET", "before", "1"));
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        return lab;
    }

    [Fact]
    public async Task Failover_moves_only_the_data_plane()
    {
        using var lab = await SteadyAsync();
        var n1 = await lab.ClientAsync("n1");
        var n2 = await lab.ClientAsync("n2");
        var n3 = await lab.ClientAsync("n3");
        Assert.Equal(ReplyVectors.Bytes("failover-right-args:17004:FAILOVER 127.0.0.1 17024 TIMEOUT 5000"),
            await n1.RawAsync("FAILOVER", "127.0.0.1", lab.Port("n3").ToString(CultureInfo.InvariantCulture), "TIMEOUT", "5000"));
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus().IsMaster && !lab.Nodes["n1"].GetStatus().IsQuiesced, "handover done");

        // Data plane: n3 writes, n1 replicates from n3, n2 still from n1 (a chain).
        Assert.Equal("OK", await n3.TextAsync("SET", "after", "2"));
        Assert.Equal(ReadOnly, await n1.TextAsync("SET", "x", "y"));
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().Offset == 2, "chain carried the write to n2");
        Assert.Equal("2", await n2.TextAsync("GET", "after"));
        Assert.Single(lab.Nodes["n3"].Commands.Named("REPLICAOF"));

        ReplyVectors.AssertSameShape("failover-right-args:17004:INFO replication", lab, await n1.CallAsync("INFO", "replication"));
        ReplyVectors.AssertSameShape("failover-right-args:17024:INFO replication", lab, await n3.CallAsync("INFO", "replication"));
        ReplyVectors.AssertSameShape("failover-right-args:17014:INFO replication", lab, await n2.CallAsync("INFO", "replication"));

        // Electors untouched: ROLE still names n1 everywhere.
        var role = await n1.CallAsync("ROLE");
        ReplyVectors.AssertSameShape("failover-right-args:17004:ROLE", lab, role);
        Assert.Equal(0, role.Items[1].Integer); // no longer streaming as a primary
        Assert.Equal(lab.Port("n2").ToString(CultureInfo.InvariantCulture), role.Items[2].Items[0].Items[1].Text);
        Assert.Equal(ReplyVectors.Bytes("failover-right-args:17024:ROLE"), await n3.RawAsync("ROLE"));
        ReplyVectors.AssertSameShape("failover-right-args:17014:ROLE", lab, await n2.CallAsync("ROLE"));
    }

    [Fact]
    public async Task An_announce_afterwards_brings_the_electors_along()
    {
        using var lab = await SteadyAsync();
        var n1 = await lab.ClientAsync("n1");
        Assert.Equal("OK", await n1.TextAsync("FAILOVER", "127.0.0.1", lab.Port("n3").ToString(CultureInfo.InvariantCulture)));
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus().IsMaster, "handover done");
        lab.ElectEveryone("n3");
        await lab.WaitCaughtUpAsync("n3", "n1", "n2");

        foreach (var (id, port) in new[] { ("n1", 17004), ("n2", 17014), ("n3", 17024) })
        {
            var c = await lab.ClientAsync(id);
            ReplyVectors.AssertSameShape($"planned-then-announce-after:{port}:ROLE", lab, await c.CallAsync("ROLE"));
            ReplyVectors.AssertSameShape($"planned-then-announce-after:{port}:INFO replication", lab, await c.CallAsync("INFO", "replication"), anyReplicaOrder: true);
        }
    }

    [Fact]
    public async Task Writes_answer_quiesced_naming_the_target_during_the_quiesce_and_a_timeout_rolls_back()
    {
        using var lab = await SteadyAsync();
        lab.Cut("n1", "n3"); // the target can never catch up
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus().LinkState == LabLinkState.Connect, "n3 cut off");
        var n1 = await lab.ClientAsync("n1");
        Assert.Equal("OK", await n1.TextAsync("FAILOVER", "127.0.0.1", lab.Port("n3").ToString(CultureInfo.InvariantCulture), "TIMEOUT", "400"));
        // As the reference answers while its handover runs (the vector "SET during quiesce" was taken after it had finished).
        Assert.Equal($"-QUIESCED migrating to 127.0.0.1:{lab.Port("n3")}", await n1.TextAsync("SET", "k", "v"));

        await LabFixture.WaitUntilAsync(() => !lab.Nodes["n1"].GetStatus().IsQuiesced, "timeout");
        Assert.Equal("OK", await n1.TextAsync("SET", "k", "v"));
        Assert.True(lab.Nodes["n1"].GetStatus().IsMaster);
        Assert.False(lab.Nodes["n3"].GetStatus().IsMaster);
        Assert.Empty(lab.Nodes["n3"].Commands.Named("REPLICAOF"));
    }

    [Fact]
    public async Task Abort_cancels_the_quiesce()
    {
        using var lab = await SteadyAsync();
        lab.Cut("n1", "n3");
        var n1 = await lab.ClientAsync("n1");
        Assert.Equal("OK", await n1.TextAsync("FAILOVER", "127.0.0.1", lab.Port("n3").ToString(CultureInfo.InvariantCulture)));
        Assert.StartsWith("-QUIESCED migrating to", await n1.TextAsync("SET", "k", "v"));
        Assert.Equal("OK", await n1.TextAsync("FAILOVER", "ABORT"));
        Assert.Equal("OK", await n1.TextAsync("SET", "k", "v"));
        lab.Heal();
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        Assert.True(lab.Nodes["n1"].GetStatus().IsMaster);
        Assert.Equal(LabLinkState.Connected, lab.Nodes["n3"].GetStatus().LinkState);
    }

    [Fact]
    public async Task Handover_waits_while_the_lag_gauge_shows_the_target_behind()
    {
        // A heartbeat right after the write makes the gauge read 1 until the replica has applied it.
        using var lab = new LabFixture(applyDelay: TimeSpan.FromMilliseconds(300), heartbeat: TimeSpan.FromMilliseconds(20));
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        var n1 = await lab.ClientAsync("n1");
        Assert.Equal("OK", await n1.TextAsync("SET", "k", "v"));
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus().LagFrames == 1, "n3's gauge shows the write");
        Assert.Equal("OK", await n1.TextAsync("FAILOVER", "127.0.0.1", lab.Port("n3").ToString(CultureInfo.InvariantCulture)));
        Assert.False(lab.Nodes["n3"].GetStatus().IsMaster); // the gauge still reads 1
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus().IsMaster, "handover after catch-up");
        var n3 = await lab.ClientAsync("n3");
        Assert.Equal("v", await n3.TextAsync("GET", "k"));
    }

    [Fact]
    public async Task Handover_trusts_a_stale_gauge_and_loses_the_writes_in_flight()
    {
        // The reference's drain: the gauge is refreshed about once a second, so right after a write it still reads 0,
        // and the target is promoted while the write is in flight. The write, acknowledged by n1, is gone.
        using var lab = new LabFixture(heartbeat: TimeSpan.FromSeconds(30), latency: TimeSpan.FromSeconds(30));
        lab.ElectEveryone("n1");
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus().LinkState == LabLinkState.Connected, "n3 linked");
        var n1 = await lab.ClientAsync("n1");
        Assert.Equal("OK", await n1.TextAsync("SET", "acknowledged", "1"));
        Assert.Equal(0, lab.Nodes["n3"].GetStatus().LagFrames);
        Assert.Equal("OK", await n1.TextAsync("FAILOVER", "127.0.0.1", lab.Port("n3").ToString(CultureInfo.InvariantCulture)));
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus().IsMaster, "handover on the stale gauge");
        var n3 = await lab.ClientAsync("n3");
        Assert.Equal(KevyElect.Protocol.RespType.Null, (await n3.CallAsync("GET", "acknowledged")).Type);
    }
}
