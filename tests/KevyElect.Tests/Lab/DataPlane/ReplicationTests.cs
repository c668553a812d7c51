using KevyElect.Lab;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Lab.DataPlane;

public sealed class ReplicationTests
{
    [Fact]
    public async Task Apply_delay_shows_as_lag_until_the_write_is_applied()
    {
        using var lab = new LabFixture(applyDelay: TimeSpan.FromMilliseconds(400));
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        var primary = await lab.ClientAsync("n1");
        var replica = await lab.ClientAsync("n2");
        Assert.Equal("OK", await primary.TextAsync("SET", "k", "v"));
        // The gauge follows the source's heartbeats (20 ms in this fixture).

        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().LagFrames == 1, "n2 received the write");
        var info = await replica.TextAsync("INFO", "replication");
        Assert.Contains("\r\nslave_repl_offset:0\r\nslave_lag_frames:1\r\n", info);
        Assert.Equal(RespType.Null, (await replica.CallAsync("GET", "k")).Type);
        var role = await replica.CallAsync("ROLE");
        Assert.Equal(1, role.Items[4].Integer); // ROLE reports what was received, INFO what was applied
        Assert.Contains($"port={lab.Port("n2")},state=online,offset=0,sent=1,lag=1", await primary.TextAsync("INFO", "replication"));

        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().Offset == 1, "n2 applied the write");
        Assert.Contains("\r\nslave_repl_offset:1\r\nslave_lag_frames:0\r\n", await replica.TextAsync("INFO", "replication"));
        Assert.Equal("v", await replica.TextAsync("GET", "k"));
    }

    [Fact]
    public async Task Partition_takes_the_link_down_and_heal_resumes_from_the_offset()
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        var primary = await lab.ClientAsync("n1");
        var replica = await lab.ClientAsync("n2");
        Assert.Equal("OK", await primary.TextAsync("SET", "a", "1"));
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");

        lab.Cut("n1", "n2");
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().LinkState == LabLinkState.Connect, "n2 link down");
        Assert.Contains("\r\nmaster_link_status:down\r\n", await replica.TextAsync("INFO", "replication"));
        Assert.Equal("connect", (await replica.CallAsync("ROLE")).Items[3].Text);
        Assert.Equal("OK", await primary.TextAsync("SET", "b", "2"));
        await lab.WaitCaughtUpAsync("n1", "n3");
        await Task.Delay(50);
        Assert.Equal(1, lab.Nodes["n2"].GetStatus().Offset);
        Assert.Equal(new[] { "n3" }, lab.Nodes["n1"].GetStatus().ReplicaIds);

        lab.Heal();
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        Assert.Equal("2", await replica.TextAsync("GET", "b"));
        Assert.Contains("\r\nmaster_link_status:up\r\n", await replica.TextAsync("INFO", "replication"));
    }

    [Fact]
    public async Task Crash_closes_sockets_and_an_elected_survivor_takes_writes_before_info_says_master()
    {
        using var lab = new LabFixture(promotionDelay: TimeSpan.FromMilliseconds(300));
        lab.ElectEveryone("n1");
        var primary = await lab.ClientAsync("n1");
        Assert.Equal("OK", await primary.TextAsync("SET", "a", "1"));
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");

        lab.Nodes["n1"].Stop();
        Assert.True(await primary.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().LinkState == LabLinkState.Connect, "n2 sees n1 gone");

        // The election picks n2: ROLE says master and writes open at once; INFO still says slave for a while.
        lab.Views["n2"].Elect("n2");
        lab.Views["n3"].Elect("n2");
        lab.Nodes["n2"].Promote();
        lab.Nodes["n3"].Follow("n2");
        var survivor = await lab.ClientAsync("n2");
        Assert.Equal("master", (await survivor.CallAsync("ROLE")).Items[0].Text);
        Assert.Equal("OK", await survivor.TextAsync("SET", "b", "2"));
        var info = await survivor.TextAsync("INFO", "replication");
        Assert.Contains("role:slave", info);
        Assert.Contains("\r\nslave_read_only:1\r\n", info); // as kevy says while the promotion is pending

        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().IsMaster, "n2 data plane promoted");
        await lab.WaitCaughtUpAsync("n2", "n3");
        Assert.StartsWith("# Replication\r\nrole:master\r\nconnected_slaves:1\r\n", await survivor.TextAsync("INFO", "replication"));
        var third = await lab.ClientAsync("n3");
        Assert.Equal("2", await third.TextAsync("GET", "b"));
    }

    [Fact]
    public async Task A_restarted_old_primary_rejoins_read_only_and_catches_up_once_it_follows()
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        lab.Nodes["n1"].Stop();
        lab.Views["n2"].Elect("n2");
        lab.Views["n3"].Elect("n2");
        lab.Nodes["n2"].Promote();
        lab.Nodes["n3"].Follow("n2");
        var n2 = await lab.ClientAsync("n2");
        Assert.Equal("OK", await n2.TextAsync("SET", "after", "crash"));

        lab.Views["n1"].IsElectedPrimary = false;
        lab.Views["n1"].KnownPrimaryId = null;
        lab.Nodes["n1"].Start();
        var old = await lab.ClientAsync("n1");
        Assert.Equal("-READONLY You can't write against a read only replica.", await old.TextAsync("SET", "x", "y"));

        lab.Views["n1"].Elect("n2");
        lab.Nodes["n1"].Follow("n2");
        await lab.WaitCaughtUpAsync("n2", "n1", "n3");
        Assert.Equal("crash", await old.TextAsync("GET", "after"));
        Assert.Contains($"\r\nmaster_port:{lab.Port("n2") + 10000}\r\n", await old.TextAsync("INFO", "replication"));
        Assert.Equal("-READONLY You can't write against a read only replica.", await old.TextAsync("SET", "x", "y"));
    }

    [Fact]
    public async Task A_diverged_replica_is_resynced_from_its_new_source()
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        lab.Cut("n1", "n2");
        lab.Cut("n1", "n3");
        var n1 = await lab.ClientAsync("n1");
        Assert.Equal("OK", await n1.TextAsync("SET", "lost", "1")); // never replicated

        lab.Views["n2"].Elect("n2");
        lab.Nodes["n2"].Promote();
        lab.Nodes["n3"].Follow("n2");
        var n2 = await lab.ClientAsync("n2");
        Assert.Equal("OK", await n2.TextAsync("SET", "kept", "1"));
        Assert.Equal("OK", await n2.TextAsync("SET", "kept2", "1"));

        lab.Heal();
        lab.Nodes["n1"].Follow("n2");
        await lab.WaitCaughtUpAsync("n2", "n1", "n3");
        Assert.Equal(RespType.Null, (await n1.CallAsync("GET", "lost")).Type);
        Assert.Equal("1", await n1.TextAsync("GET", "kept2"));
    }
}
