using Xunit;
using System.Text;

namespace KevyElect.Tests.Lab.DataPlane;

public sealed class CommandReplyTests
{
    private static byte[] Wire(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task Ping_answers_pong()
    {
        using var lab = new LabFixture();
        var c = await lab.ClientAsync("n2");
        Assert.Equal(Wire("+PONG\r\n"), await c.RawAsync("PING"));
    }

    [Fact]
    public async Task Unknown_command_names_it()
    {
        using var lab = new LabFixture();
        var c = await lab.ClientAsync("n1");
        Assert.Equal(Wire("-ERR unknown command 'FLUSHWORLD'\r\n"), await c.RawAsync("FLUSHWORLD", "x"));
    }

    [Fact]
    public async Task Wrong_arity_is_an_error_naming_the_command()
    {
        using var lab = new LabFixture();
        var c = await lab.ClientAsync("n1");
        Assert.Equal(Wire("-ERR wrong number of arguments for 'get' command\r\n"), await c.RawAsync("GET"));
        Assert.Equal(Wire("-ERR wrong number of arguments for 'replicaof' command\r\n"), await c.RawAsync("REPLICAOF", "NO"));
    }

    [Fact]
    public async Task Protocol_error_replies_then_closes_the_connection()
    {
        using var lab = new LabFixture();
        var c = await lab.ClientAsync("n1");
        await c.SendRawAsync(Wire("*1\r\n$x\r\n"));
        Assert.Equal(Wire("-ERR Protocol error\r\n"), await c.ReadReplyBytesAsync(RespTestClient.DefaultTimeout));
        Assert.True(await c.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Inline_and_pipelined_commands_are_answered_in_order()
    {
        using var lab = new LabFixture();
        var c = await lab.ClientAsync("n1");
        await c.SendRawAsync(Wire("PING\r\n*1\r\n$4\r\nPING\r\n"));
        Assert.Equal(Wire("+PONG\r\n"), await c.ReadReplyBytesAsync(RespTestClient.DefaultTimeout));
        Assert.Equal(Wire("+PONG\r\n"), await c.ReadReplyBytesAsync(RespTestClient.DefaultTimeout));
    }

    [Fact]
    public async Task Writes_on_the_elected_primary_move_the_offset_by_one_each()
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        var c = await lab.ClientAsync("n1");
        Assert.Equal(Wire("+OK\r\n"), await c.RawAsync("SET", "k", "v"));
        Assert.Equal(Wire("$1\r\nv\r\n"), await c.RawAsync("GET", "k"));
        Assert.Equal(Wire(":1\r\n"), await c.RawAsync("INCR", "n"));
        Assert.Equal(Wire(":2\r\n"), await c.RawAsync("INCR", "n"));
        Assert.Equal(Wire("-ERR value is not an integer or out of range\r\n"), await c.RawAsync("INCR", "k"));
        Assert.Equal(Wire(":2\r\n"), await c.RawAsync("DBSIZE"));
        Assert.Equal(Wire(":1\r\n"), await c.RawAsync("DEL", "k", "k", "missing"));
        Assert.Equal(Wire(":0\r\n"), await c.RawAsync("DEL", "missing"));
        Assert.Equal(Wire("$-1\r\n"), await c.RawAsync("GET", "k"));
        // SET, INCR, INCR, DEL k, and the one-key DEL of a missing key, which kevy replicates too; the failed INCR is not a write.
        Assert.Equal(5, lab.Nodes["n1"].GetStatus().Offset);
    }

    [Fact]
    public async Task Writes_on_a_replica_answer_readonly()
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        var c = await lab.ClientAsync("n2");
        Assert.Equal(ReplyVectors.Bytes("failover-right-args:17004:SET during quiesce"), await c.RawAsync("SET", "k", "v"));
    }

    [Fact]
    public async Task Elected_primary_without_quorum_fences_writes_with_noreplicas()
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        lab.Views["n1"].HasWriteQuorum = false;
        var c = await lab.ClientAsync("n1");
        Assert.Equal(Wire("-NOREPLICAS primary lost quorum; writes fenced\r\n"), await c.RawAsync("SET", "k", "v"));
        lab.Views["n1"].HasWriteQuorum = true;
        Assert.Equal(Wire("+OK\r\n"), await c.RawAsync("SET", "k", "v"));
    }

    [Fact]
    public async Task Cold_start_configured_primary_is_master_in_info_slave_in_role_and_readonly()
    {
        using var lab = new LabFixture();
        var c = await lab.ClientAsync("n1");
        Assert.StartsWith("# Replication\r\nrole:master\r\n", await c.TextAsync("INFO", "replication"));
        var role = await c.CallAsync("ROLE");
        Assert.Equal("slave", role.Items[0].Text);
        Assert.Equal("-READONLY You can't write against a read only replica.", await c.TextAsync("SET", "k", "v"));
    }
}
