using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

public class RespReplyReaderTests
{
    public static IEnumerable<object[]> ReplyCases() => GoldenVectors.Replies().Select(v => new object[] { v.Case });

    private static byte[] ReplyBytes(string name) => GoldenVectors.Replies().Single(v => v.Case == name).Bytes;

    private static RespValue ReadComplete(string text, int expectedConsumed = -1)
    {
        byte[] bytes = Wire.Bytes(text);
        Assert.Equal(RespReadStatus.Complete, RespReader.TryReadReply(bytes, out RespValue? value, out int consumed));
        Assert.Equal(expectedConsumed < 0 ? bytes.Length : expectedConsumed, consumed);
        return value!;
    }

    private static RespReadStatus Status(string text) => RespReader.TryReadReply(Wire.Bytes(text), out _, out _);

    [Fact]
    public void ReplyVectorsArePresent() => Assert.Equal(38, GoldenVectors.Replies().Count);

    [Theory]
    [MemberData(nameof(ReplyCases))]
    public void EveryRecordedReplyParsesWholeAndEveryPrefixIsIncomplete(string name)
    {
        byte[] bytes = ReplyBytes(name);
        Assert.Equal(RespReadStatus.Complete, RespReader.TryReadReply(bytes, out RespValue? value, out int consumed));
        Assert.NotNull(value);
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(bytes, RespWriter.Reply(value!));

        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(RespReadStatus.Incomplete, RespReader.TryReadReply(bytes.AsSpan(0, cut), out RespValue? partial, out int used));
            Assert.Null(partial);
            Assert.Equal(0, used);
        }
    }

    [Fact]
    public void PrimaryRoleReplyHasItsShape()
    {
        RespReader.TryReadReply(ReplyBytes("steady-state:17004:ROLE"), out RespValue? role, out _);
        Assert.Equal(RespType.Array, role!.Type);
        Assert.Equal("master", role.Items[0].Text);
        Assert.Equal(RespType.Integer, role.Items[1].Type);
        Assert.Equal(3, role.Items[1].Integer);
        RespValue replica = role.Items[2].Items[0];
        Assert.Equal(["127.0.0.1", "17014", "3"], replica.Items.Select(i => i.Text));
    }

    [Fact]
    public void ErrorRepliesKeepTheirUtf8Text()
    {
        RespReader.TryReadReply(ReplyBytes("failover-wrong-args:17014:FAILOVER 127.0.0.1 17024"), out RespValue? error, out _);
        Assert.True(error!.IsError);
        Assert.Equal("ERR FAILOVER: this node is a replica — run it on the primary", error.Text);
    }

    [Fact]
    public void ScalarsParse()
    {
        Assert.Equal("PONG", ReadComplete("+PONG\r\n").Text);
        Assert.Equal(RespType.SimpleString, ReadComplete("+\r\n").Type);
        Assert.Equal("QUIESCED migrating to h:1", ReadComplete("-QUIESCED migrating to h:1\r\n").Text);
        Assert.Equal(-42, ReadComplete(":-42\r\n").Integer);
        Assert.Equal(long.MinValue, ReadComplete(":-9223372036854775808\r\n").Integer);
        Assert.Equal(long.MaxValue, ReadComplete(":+9223372036854775807\r\n").Integer);
        Assert.Equal("a\r\nb", ReadComplete("$4\r\na\r\nb\r\n").Text);
        Assert.Equal(RespType.BulkString, ReadComplete("$0\r\n\r\n").Type);
        Assert.Empty(ReadComplete("$0\r\n\r\n").Bytes!);
    }

    [Fact]
    public void SimpleLinesRunToTheFirstCrlf()
    {
        Assert.Equal("a\nb\rc", ReadComplete("+a\nb\rc\r\n").Text);
        Assert.Equal("x", ReadComplete("-x\r\n\r\n", expectedConsumed: 4).Text);
    }

    [Fact]
    public void NullsParse()
    {
        Assert.Same(RespValue.Null, ReadComplete("$-1\r\n"));
        Assert.Same(RespValue.Null, ReadComplete("*-1\r\n"));
        RespValue array = ReadComplete("*3\r\n$-1\r\n*-1\r\n*0\r\n");
        Assert.Equal([RespType.Null, RespType.Null, RespType.Array], array.Items.Select(i => i.Type));
        Assert.Empty(array.Items[2].Items);
    }

    [Fact]
    public void NestedArraysParse()
    {
        RespValue value = ReadComplete("*2\r\n*2\r\n:1\r\n*1\r\n+deep\r\n-ERR x\r\n");
        Assert.Equal("[[1, [deep]], -ERR x]", value.ToString());
    }

    [Fact]
    public void TrailingBytesAreNotConsumed()
    {
        RespValue value = ReadComplete("+OK\r\n:5\r\n", expectedConsumed: 5);
        Assert.Equal("OK", value.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+OK")]
    [InlineData("+OK\r")]
    [InlineData(":12")]
    [InlineData(":-")]
    [InlineData("$5\r\nab")]
    [InlineData("$5\r\nabcde\r")]
    [InlineData("$-1\r")]
    [InlineData("*2\r\n:1\r\n")]
    [InlineData("*1048576\r\n")]
    [InlineData("$536870912\r\n")]
    public void ValidPrefixesAreIncomplete(string text) => Assert.Equal(RespReadStatus.Incomplete, Status(text));

    [Theory]
    [InlineData("?x\r\n")]
    [InlineData("_\r\n")]                    // RESP3 null is not RESP2
    [InlineData(":12a\r\n")]
    [InlineData(":\r\n")]
    [InlineData(":9223372036854775808\r\n")]
    [InlineData(":-9223372036854775809\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("*-2\r\n")]
    [InlineData("$x\r\n")]
    [InlineData("$5\r\nabcdeXY")]
    [InlineData("$5\r\nabcde\rX")]
    [InlineData("*1\r\n?\r\n")]
    [InlineData("*1048577\r\n")]
    [InlineData("$536870913")]
    [InlineData("$99999999999999999999\r\n")]
    [InlineData("*1\rX")]
    public void BrokenRepliesAreMalformed(string text) => Assert.Equal(RespReadStatus.Malformed, Status(text));

    [Fact]
    public void ClaimedSizesAreNotAllocated()
    {
        byte[][] inputs = [Wire.Bytes("*1048576\r\n"), Wire.Bytes("$536870912\r\nabc"), Wire.Bytes("*1048577\r\n")];
        foreach (byte[] input in inputs) RespReader.TryReadReply(input, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (byte[] input in inputs) RespReader.TryReadReply(input, out _, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void NestingBeyondTheDepthLimitIsMalformed()
    {
        string Nested(int depth) => string.Concat(Enumerable.Repeat("*1\r\n", depth)) + ":1\r\n";
        Assert.Equal(RespReadStatus.Complete, Status(Nested(RespReader.MaxReplyDepth)));
        Assert.Equal(RespReadStatus.Malformed, Status(Nested(RespReader.MaxReplyDepth + 1)));
        Assert.Equal(RespReadStatus.Malformed, Status(Nested(100_000)));
    }

    [Fact]
    public void ReplySizeGuardRefusesLargerReplies()
    {
        byte[] info = ReplyBytes("steady-state:17004:INFO replication");
        Assert.Equal(RespReadStatus.Complete, RespReader.TryReadReply(info, info.Length, out _, out int used));
        Assert.Equal(info.Length, used);
        Assert.Equal(RespReadStatus.Malformed, RespReader.TryReadReply(info, info.Length - 1, out RespValue? refused, out _));
        Assert.Null(refused);

        // Judged from the header alone, before the payload arrives.
        Assert.Equal(RespReadStatus.Malformed, RespReader.TryReadReply(Wire.Bytes("$5000\r\n"), 1024, out _, out _));
        Assert.Equal(RespReadStatus.Incomplete, RespReader.TryReadReply(Wire.Bytes("$1000\r\n"), 1024, out _, out _));

        // A stream of small elements that never ends is refused once it passes the limit.
        byte[] endless = Wire.Concat(Wire.Bytes("*1000000\r\n"), Wire.Concat(Enumerable.Repeat(Wire.Bytes(":1\r\n"), 300).ToArray()));
        Assert.Equal(RespReadStatus.Malformed, RespReader.TryReadReply(endless, 1024, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => RespReader.TryReadReply(info, 2, out _, out _));
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(77);
        byte[] alphabet = Wire.Bytes("*$+-:\r\n0123456789ab");
        for (int i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            for (int j = 0; j < bytes.Length; j++) bytes[j] = alphabet[random.Next(alphabet.Length)];
            RespReadStatus status = RespReader.TryReadReply(bytes, out RespValue? value, out int consumed);
            Assert.Equal(status == RespReadStatus.Complete, value is not null);
            Assert.InRange(consumed, status == RespReadStatus.Complete ? 3 : 0, status == RespReadStatus.Complete ? bytes.Length : 0);
        }
    }
}
