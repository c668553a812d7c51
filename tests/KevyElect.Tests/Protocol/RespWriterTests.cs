using System.Buffers;
using System.Text;
using CsCheck;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

public class RespWriterTests
{
    [Fact]
    public void CommandWritesBulkStrings()
    {
        Assert.Equal(Wire.Bytes("*2\r\n$4\r\nECHO\r\n$3\r\nπi\r\n"), RespWriter.Command("ECHO", "πi"));
        Assert.Equal(Wire.Bytes("*1\r\n$0\r\n\r\n"), RespWriter.Command(""));
    }

    [Fact]
    public void CommandRefusesNoArgumentsOrNulls()
    {
        Assert.Throws<ArgumentException>(() => RespWriter.Command());
        var ex = Assert.Throws<ArgumentException>(() => RespWriter.Command("GET", null!));
        Assert.Contains("argument 1", ex.Message);
    }

    [Fact]
    public void CommandRoundTripsThroughTheCommandReader() =>
        ElectGen.Seeded(ElectGen.Text.Array[1, 6], 1000, 0xC0DE, args =>
        {
            byte[] frame = RespWriter.Command(args);
            Assert.Equal(RespReadStatus.Complete, RespReader.TryReadCommand(frame, out IReadOnlyList<byte[]>? read, out int consumed));
            Assert.Equal(frame.Length, consumed);
            Assert.Equal(args, read!.Select(a => Encoding.UTF8.GetString(a)));
        });

    [Theory]
    [InlineData("+OK\r\n")]
    [InlineData("-ERR no\r\n")]
    [InlineData(":0\r\n")]
    [InlineData(":-9223372036854775808\r\n")]
    [InlineData(":9223372036854775807\r\n")]
    [InlineData("$0\r\n\r\n")]
    [InlineData("$3\r\na\r\n\r\n")]
    [InlineData("*0\r\n")]
    [InlineData("*2\r\n*1\r\n$-1\r\n+x\r\n")]
    public void ReplyWritesTheCanonicalForm(string wire)
    {
        byte[] bytes = Wire.Bytes(wire);
        RespReader.TryReadReply(bytes, out RespValue? value, out _);
        Assert.Equal(wire, Encoding.UTF8.GetString(RespWriter.Reply(value!)));
    }

    [Fact]
    public void NullWritesNullBulk()
    {
        Assert.Equal(Wire.Bytes("$-1\r\n"), RespWriter.Reply(RespValue.Null));
        // The null array reads back as the one null value, which writes as $-1.
        RespReader.TryReadReply(Wire.Bytes("*-1\r\n"), out RespValue? value, out _);
        Assert.Equal(Wire.Bytes("$-1\r\n"), RespWriter.Reply(value!));
    }

    [Theory]
    [InlineData("a\r\nb")]
    [InlineData("a\nb")]
    [InlineData("a\r")]
    public void SimpleLinesCannotCarryLineBreaks(string text)
    {
        Assert.Throws<ArgumentException>(() => RespWriter.Reply(RespValue.Simple(text)));
        Assert.Throws<ArgumentException>(() => RespWriter.Reply(RespValue.Array([RespValue.Err(text)])));
    }

    private static readonly Gen<string> LineText = ElectGen.Text.Select(t => t.Replace("\r", "").Replace("\n", ""));

    private static readonly Gen<RespValue> Value = Gen.Recursive<RespValue>((depth, inner) => Gen.Frequency(
        (3, LineText.Select(RespValue.Simple)),
        (2, LineText.Select(RespValue.Err)),
        (3, Gen.Long.Select(RespValue.Int)),
        (3, ElectGen.Text.Select(RespValue.Bulk)),
        (1, Gen.Const(RespValue.Null)),
        (depth < 4 ? 3 : 0, inner.Array[0, 5].Select(items => RespValue.Array(items)))));

    [Fact]
    public void AnyReplyRoundTripsThroughTheReplyReader() => ElectGen.Seeded(Value, 2000, 0x5EED, value =>
    {
        byte[] bytes = RespWriter.Reply(value);
        Assert.Equal(RespReadStatus.Complete, RespReader.TryReadReply(bytes, out RespValue? read, out int consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(value.ToString(), read!.ToString());
        Assert.Equal(bytes, RespWriter.Reply(read));

        var writer = new ArrayBufferWriter<byte>(1);
        RespWriter.Reply(value, writer);
        Assert.Equal(bytes, writer.WrittenSpan.ToArray());
    });
}
