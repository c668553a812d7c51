using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.DataPlane;

/// <summary>ROLE and INFO replication laid out as the reference server's replies.</summary>
public sealed class RoleInfoVectorTests
{
    private static async Task<LabFixture> SteadyAsync(int writes)
    {
        var lab = new LabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        var c = await lab.ClientAsync("n1");
        for (int i = 0; i < writes; i++) Assert.Equal("OK", await c.TextAsync("SET", "k" + i, "v"));
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        return lab;
    }

    [Fact]
    public async Task Steady_state_primary_replies_are_the_reference_bytes()
    {
        using var lab = await SteadyAsync(3);
        var c = await lab.ClientAsync("n1");
        Assert.Equal(ReplyVectors.WithPorts("steady-state:17004:ROLE", lab), await c.RawAsync("ROLE"));
        Assert.Equal(ReplyVectors.WithPorts("steady-state:17004:INFO replication", lab), await c.RawAsync("INFO", "replication"));
    }

    [Fact]
    public async Task Steady_state_replica_role_is_the_reference_bytes_naming_the_primary_elect_port()
    {
        using var lab = await SteadyAsync(3);
        var c = await lab.ClientAsync("n2");
        Assert.Equal(ReplyVectors.Bytes("steady-state:17014:ROLE"), await c.RawAsync("ROLE"));
        ReplyVectors.AssertSameShape("steady-state:17014:INFO replication", lab, await c.CallAsync("INFO", "replication"));
    }

    [Theory]
    [InlineData("n2", "planned-then-announce-before:17014")]
    [InlineData("n3", "planned-then-announce-before:17024")]
    public async Task One_write_after_cold_start_gives_the_reference_replica_replies(string node, string prefix)
    {
        using var lab = await SteadyAsync(1);
        var c = await lab.ClientAsync(node);
        Assert.Equal(ReplyVectors.Bytes(prefix + ":ROLE"), await c.RawAsync("ROLE"));
        Assert.Equal(ReplyVectors.WithPorts(prefix + ":INFO replication", lab), await c.RawAsync("INFO", "replication"));
    }

    [Fact]
    public async Task One_write_after_cold_start_primary_replies_have_the_reference_layout()
    {
        using var lab = await SteadyAsync(1);
        var c = await lab.ClientAsync("n1");
        ReplyVectors.AssertSameShape("planned-then-announce-before:17004:ROLE", lab, await c.CallAsync("ROLE"));
        Assert.Equal(ReplyVectors.WithPorts("planned-then-announce-before:17004:INFO replication", lab), await c.RawAsync("INFO"));
    }

    [Fact]
    public async Task Replica_info_reports_the_primary_replication_port()
    {
        using var lab = await SteadyAsync(0);
        var c = await lab.ClientAsync("n3");
        var info = await c.TextAsync("INFO", "replication");
        Assert.Contains($"\r\nmaster_port:{lab.Port("n1") + 10000}\r\n", info);
        Assert.Contains("\r\nmaster_link_status:up\r\n", info);
    }

    [Fact]
    public async Task Info_of_an_unrelated_section_is_empty()
    {
        using var lab = await SteadyAsync(0);
        var c = await lab.ClientAsync("n1");
        Assert.Equal("$0\r\n\r\n"u8.ToArray(), await c.RawAsync("INFO", "keyspace"));
    }
}
