using Xunit;

namespace KevyElect.Tests.Lab.DataPlane;

public sealed class FailoverArgumentTests
{
    [Theory]
    [InlineData("n1", "failover-wrong-args:17004:FAILOVER")]
    [InlineData("n1", "failover-wrong-args:17004:FAILOVER 127.0.0.1")]
    [InlineData("n1", "failover-wrong-args:17004:FAILOVER 127.0.0.1 notaport")]
    [InlineData("n1", "failover-wrong-args:17004:FAILOVER 127.0.0.1 70000")]
    [InlineData("n1", "failover-wrong-args:17004:FAILOVER 127.0.0.1 -1")]
    [InlineData("n1", "failover-wrong-args:17004:FAILOVER ABORT")]
    [InlineData("n1", "failover-wrong-args:17004:FAILOVER abort extra")]
    [InlineData("n2", "failover-wrong-args:17014:FAILOVER 127.0.0.1 17024")]
    [InlineData("n2", "failover-wrong-args:17014:FAILOVER")]
    [InlineData("n2", "failover-wrong-args:17014:FAILOVER ABORT")]
    public async Task Replies_match_the_reference_bytes(string node, string vectorCase)
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        var c = await lab.ClientAsync(node);
        var args = vectorCase[(vectorCase.LastIndexOf(':') + 1)..].Split(' ');
        Assert.Equal(ReplyVectors.Bytes(vectorCase), await c.RawAsync(args));
        Assert.False(lab.Nodes[node].GetStatus().IsQuiesced);
    }

    [Theory]
    [InlineData("TIMEOUT", "soon")]
    [InlineData("TIMEOUT", "-5")]
    [InlineData("WHENEVER", "5")]
    public async Task Garbage_timeout_is_ignored_and_starts_a_real_handover(string word, string value)
    {
        using var lab = new LabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitCaughtUpAsync("n1", "n2", "n3");
        var c = await lab.ClientAsync("n1");
        var reply = await c.RawAsync("FAILOVER", "127.0.0.1", lab.Port("n3").ToString(CultureInfo.InvariantCulture), word, value);
        Assert.Equal(ReplyVectors.Bytes("failover-right-args:17004:FAILOVER 127.0.0.1 17024 TIMEOUT 5000"), reply);
        await LabFixture.WaitUntilAsync(() => lab.Nodes["n3"].GetStatus().IsMaster, "n3 took over");
    }
}
