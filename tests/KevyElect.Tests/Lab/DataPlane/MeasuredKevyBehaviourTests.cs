using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.DataPlane;

/// <summary>
/// What the conformance suite measured on kevy 5.4.0 and the lab now does too (docs/dev/conformance.md): -LOADING after
/// a full resync, writes taken between two upstreams, ROLE's link state, replicas that wait for a promotion to finish,
/// replicas "syncing" before the first election, one-key DELs replicated.
/// </summary>
public sealed class MeasuredKevyBehaviourTests
{
    private const string Loading = "-LOADING kevy is loading the dataset in memory";

    [Fact]
    public async Task A_replica_answers_reads_with_LOADING_while_it_loads_the_snapshot_of_a_full_resync_but_INFO_and_PING_answer()
    {
        using var lab = new LabFixture(snapshotLoad: TimeSpan.FromSeconds(2));
        lab.ElectEveryone("n1");
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().LinkState == LabLinkState.Connected, "n2's link up");
        var n2 = await lab.ClientAsync("n2");
        Assert.True(lab.Nodes["n2"].GetStatus().IsLoading);
        Assert.Equal(Loading, await n2.TextAsync("ROLE"));
        Assert.Equal(Loading, await n2.TextAsync("GET", "k"));
        Assert.Equal(Loading, await n2.TextAsync("REPL.TOKEN"));
        Assert.Equal("PONG", await n2.TextAsync("PING"));
        Assert.StartsWith("# Replication\r\nrole:slave\r\n", await n2.TextAsync("INFO", "replication"));
        Assert.StartsWith("-READONLY", await n2.TextAsync("SET", "k", "v")); // writes meet the write gate, not the loading one
        Assert.False(lab.Nodes["n1"].GetStatus().IsLoading, "a master loads nothing");

        await LabFixture.WaitUntilAsync(() => !lab.Nodes["n2"].GetStatus().IsLoading, "the load to end");
        Assert.Equal("slave", (await n2.CallAsync("ROLE")).Items[0].Text);
    }

    [Fact]
    public async Task A_replica_pointed_at_another_source_takes_writes_until_it_follows_it_and_loses_them_at_its_resync()
    {
        using var lab = new LabFixture(retargetGap: TimeSpan.FromSeconds(1));
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        var n3 = await lab.ClientAsync("n3");
        Assert.StartsWith("-READONLY", await n3.TextAsync("SET", "k", "v"));

        lab.Views["n3"].Elect("n2");
        lab.Nodes["n3"].Follow("n2");
        // Between its two upstreams it is no replica: a write lands, and INFO says master.
        Assert.Equal("OK", await n3.TextAsync("SET", "stray", "lost"));
        Assert.StartsWith("# Replication\r\nrole:master\r\n", await n3.TextAsync("INFO", "replication"));

        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus() is { SourceId: "n2", LinkState: LabLinkState.Connected }, "n3 to follow n2");
        Assert.StartsWith("-READONLY", await n3.TextAsync("SET", "k", "v"));
        Assert.Equal("$-1\r\n", System.Text.Encoding.ASCII.GetString(await n3.RawAsync("GET", "stray"))); // its resync copied n2's history
        Assert.Equal(lab.Nodes["n2"].GetStatus().Offset, lab.Nodes["n3"].GetStatus().Offset);
    }

    [Fact]
    public async Task A_repeated_follow_of_the_same_source_opens_no_window()
    {
        using var lab = new LabFixture(retargetGap: TimeSpan.FromSeconds(1));
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        lab.Nodes["n3"].Follow("n1");
        var n3 = await lab.ClientAsync("n3");
        Assert.StartsWith("-READONLY", await n3.TextAsync("SET", "k", "v"));
    }

    [Fact]
    public async Task ROLE_on_a_replica_shows_its_link_state_even_before_its_elector_knows_a_primary()
    {
        using var lab = new LabFixture();
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().LinkState == LabLinkState.Connected, "n2's boot link up");
        var role = await (await lab.ClientAsync("n2")).CallAsync("ROLE");
        Assert.Equal(new[] { "slave", "", "0", "connected", "0" }, role.Items.Select(i => i.Text ?? i.Integer.ToString(CultureInfo.InvariantCulture)));
        // A data-plane master whose elector is a replica: connect, offset 0.
        var n1 = await (await lab.ClientAsync("n1")).CallAsync("ROLE");
        Assert.Equal(new[] { "slave", "", "0", "connect", "0" }, n1.Items.Select(i => i.Text ?? i.Integer.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Before_the_first_election_the_configured_primary_lists_its_replicas_as_syncing_then_online_once_promoted()
    {
        using var lab = new LabFixture();
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().LinkState == LabLinkState.Connected
            && lab.Nodes["n3"].GetStatus().LinkState == LabLinkState.Connected, "the boot links up");
        var n1 = await lab.ClientAsync("n1");
        string before = await n1.TextAsync("INFO", "replication");
        Assert.Equal(2, before.Split("state=syncing").Length - 1);
        lab.ElectEveryone("n1");
        Assert.Equal(2, (await n1.TextAsync("INFO", "replication")).Split("state=online").Length - 1);
    }

    [Fact]
    public async Task A_promoting_node_serves_no_replication_until_its_data_plane_is_a_master()
    {
        using var lab = new LabFixture(promotionDelay: TimeSpan.FromSeconds(1));
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        lab.Nodes["n1"].Stop();
        lab.Views["n2"].Elect("n2");
        lab.Views["n3"].Elect("n2");
        lab.Nodes["n2"].Promote();
        lab.Nodes["n3"].Follow("n2");
        var n2 = await lab.ClientAsync("n2");
        await Task.Delay(100); // several replication ticks
        Assert.Empty((await n2.CallAsync("ROLE")).Items[2].Items);
        Assert.Equal(LabLinkState.Connect, lab.Nodes["n3"].GetStatus().LinkState);

        await LabFixture.WaitUntilAsync(() => lab.Nodes["n2"].GetStatus().IsMaster, "n2's promotion to finish");
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus().LinkState == LabLinkState.Connected, "n3 to attach");
        Assert.Single((await n2.CallAsync("ROLE")).Items[2].Items);
    }

    [Fact]
    public async Task A_one_key_DEL_of_a_missing_key_moves_the_offset_on_the_primary_and_its_replicas()
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        var n1 = await lab.ClientAsync("n1");
        Assert.Equal(":0\r\n", System.Text.Encoding.ASCII.GetString(await n1.RawAsync("DEL", "missing")));
        Assert.Equal(1, lab.Nodes["n1"].GetStatus().Offset);
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        Assert.Equal(":0\r\n", System.Text.Encoding.ASCII.GetString(await n1.RawAsync("DEL", "missing", "other")));
        Assert.Equal(1, lab.Nodes["n1"].GetStatus().Offset);
    }
}
