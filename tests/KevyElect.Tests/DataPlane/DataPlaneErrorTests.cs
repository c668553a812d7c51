using KevyElect.DataPlane;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.DataPlane;

public class DataPlaneErrorTests
{
    [Fact]
    public void Recorded_write_during_quiesce_is_a_retryable_READONLY()
    {
        RespValue reply = DataPlaneVectors.Decode(DataPlaneVectors.Get("failover-right-args:17004:SET during quiesce"));
        DataPlaneError error = DataPlaneError.FromReply(reply);
        Assert.Equal(DataPlaneErrorKind.ReadOnly, error.Kind);
        Assert.Equal("READONLY", error.Code);
        Assert.True(error.IsRetryable);
        Assert.Equal("READONLY You can't write against a read only replica.", error.Text);
    }

    [Fact]
    public void Recorded_FAILOVER_refusals_are_non_retryable_ERR()
    {
        var errors = DataPlaneVectors.Vectors.Select(DataPlaneVectors.Decode).Where(r => r.IsError && r.Text!.StartsWith("ERR", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, errors.Count);
        Assert.All(errors, r =>
        {
            DataPlaneError e = DataPlaneError.FromReply(r);
            Assert.Equal(DataPlaneErrorKind.Err, e.Kind);
            Assert.False(e.IsRetryable);
            Assert.Null(e.TargetHost);
        });
    }

    [Fact]
    public void Recorded_OK_replies_are_not_errors()
    {
        var oks = DataPlaneVectors.Vectors.Where(v => v.Command.StartsWith("FAILOVER", StringComparison.Ordinal)).Select(DataPlaneVectors.Decode).Where(r => !r.IsError).ToList();
        Assert.Equal(4, oks.Count);
        Assert.All(oks, r =>
        {
            Assert.False(DataPlaneError.TryFromReply(r, out DataPlaneError? e));
            Assert.Null(e);
            Assert.Throws<ArgumentException>(() => DataPlaneError.FromReply(r));
        });
    }

    [Theory]
    [InlineData("QUIESCED migrating to 127.0.0.1:17024", DataPlaneErrorKind.Quiesced, "127.0.0.1", 17024)]
    [InlineData("MISDIRECTED writer is 10.0.0.3:6004", DataPlaneErrorKind.Misdirected, "10.0.0.3", 6004)]
    [InlineData("-MISDIRECTED writer is [::1]:6004", DataPlaneErrorKind.Misdirected, "::1", 6004)]
    [InlineData("QUIESCED migrating", DataPlaneErrorKind.Quiesced, null, null)]
    public void Extracts_the_target_of_QUIESCED_and_MISDIRECTED(string text, DataPlaneErrorKind kind, string? host, int? port)
    {
        DataPlaneError e = DataPlaneError.Parse(text);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(host, e.TargetHost);
        Assert.Equal(port, e.TargetPort);
        Assert.True(e.IsRetryable);
    }

    [Theory]
    [InlineData("NOREPLICAS Not enough good replicas to write.", DataPlaneErrorKind.NoReplicas, true)]
    [InlineData("STALE replica too far behind", DataPlaneErrorKind.Stale, true)]
    [InlineData("LOADING kevy is loading the dataset in memory", DataPlaneErrorKind.Loading, true)]
    [InlineData("READONLY", DataPlaneErrorKind.ReadOnly, true)]
    [InlineData("ERR unknown command 'FOO'", DataPlaneErrorKind.Err, false)]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", DataPlaneErrorKind.Other, false)]
    [InlineData("readonly lower case is another code", DataPlaneErrorKind.Other, false)]
    public void Classifies_by_code(string text, DataPlaneErrorKind kind, bool retryable)
    {
        DataPlaneError e = DataPlaneError.FromReply(RespValue.Err(text));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(retryable, e.IsRetryable);
        Assert.Equal(text.Split(' ')[0], e.Code);
    }
}
