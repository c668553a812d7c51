using System.Text;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

public class RespCommandReaderTests
{
    private static (RespReadStatus Status, string[]? Args, int Consumed) Read(byte[] bytes)
    {
        RespReadStatus status = RespReader.TryReadCommand(bytes, out IReadOnlyList<byte[]>? args, out int consumed);
        return (status, args?.Select(a => Encoding.UTF8.GetString(a)).ToArray(), consumed);
    }

    [Fact]
    public void MultiBulkCommandReadsItsArguments()
    {
        byte[] frame = Wire.Frame("SET", "k", "", "a b\r\n");
        var (status, args, consumed) = Read(Wire.Concat(frame, Wire.Bytes("PING\r\n")));
        Assert.Equal(RespReadStatus.Complete, status);
        Assert.Equal(["SET", "k", "", "a b\r\n"], args!);
        Assert.Equal(frame.Length, consumed);
    }

    [Fact]
    public void InlineCommandSplitsOnWhitespace()
    {
        var (status, args, consumed) = Read(Wire.Bytes("  ECHO \t hi  there \r\n"));
        Assert.Equal(RespReadStatus.Complete, status);
        Assert.Equal(["ECHO", "hi", "there"], args!);
        Assert.Equal(21, consumed);
    }

    [Fact]
    public void EmptiesAreSkippedAndCounted()
    {
        byte[] input = Wire.Bytes("\r\n*0\r\n*-1\r\n \r\n*1\r\n$4\r\nPING\r\n");
        var (status, args, consumed) = Read(input);
        Assert.Equal(RespReadStatus.Complete, status);
        Assert.Equal(["PING"], args!);
        Assert.Equal(input.Length, consumed);
        Assert.Equal(RespReadStatus.Incomplete, Read(Wire.Bytes("\r\n*0\r\n")).Status);
    }

    [Fact]
    public void StatusesMatchTheEnvelope()
    {
        Assert.Equal(RespReadStatus.Incomplete, Read(Wire.Bytes("*2\r\n$4\r\nECHO\r\n")).Status);
        Assert.Equal(RespReadStatus.Malformed, Read(Wire.Bytes("*1\r\n:1\r\n")).Status);
        Assert.Equal(RespReadStatus.Malformed, Read(Wire.Bytes("*1048577\r\n")).Status);
        var (status, args, consumed) = Read(Wire.Bytes("*2\r\n$4\r\nECHO\r\n"));
        Assert.Null(args);
        Assert.Equal(0, consumed);
        Assert.Equal(RespReadStatus.Incomplete, status);
    }

    [Fact]
    public void EveryStrictPrefixIsIncomplete()
    {
        byte[] frame = Wire.Frame("SET", "key:000000000001", "xxx");
        for (int cut = 0; cut < frame.Length; cut++)
        {
            Assert.Equal(RespReadStatus.Incomplete, Read(frame[..cut]).Status);
        }
    }

    [Fact]
    public void AgreesWithTheElectDecoderOnEnvelopes()
    {
        var random = new Random(5150);
        byte[] alphabet = Wire.Bytes("*$+-\r\n0123456789 AB");
        for (int i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 32)];
            for (int j = 0; j < bytes.Length; j++) bytes[j] = alphabet[random.Next(alphabet.Length)];
            RespReadStatus status = RespReader.TryReadCommand(bytes, out _, out int consumed);
            DecodeResult decoded = ElectCodec.Decode(bytes);
            switch (status)
            {
                case RespReadStatus.Incomplete: Assert.Equal(DecodeErrorKind.Truncated, decoded.Error); break;
                case RespReadStatus.Malformed: Assert.Equal(DecodeErrorKind.Bad, decoded.Error); break;
                default:
                    Assert.True(decoded.IsSuccess || decoded.Error is not (DecodeErrorKind.Truncated or DecodeErrorKind.Bad));
                    if (decoded.IsSuccess) Assert.Equal(consumed, decoded.Consumed);
                    break;
            }
        }
    }
}
