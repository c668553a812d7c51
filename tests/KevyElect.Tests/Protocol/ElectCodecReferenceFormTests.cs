using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

/// <summary>The forms the reference decoder accepts or rejects beyond what its encoder writes.</summary>
public class ElectCodecReferenceFormTests
{
    private static DecodeResult Decode(byte[] bytes) => ElectCodec.Decode(bytes);

    private static DecodeResult Decode(string text) => ElectCodec.Decode(Wire.Bytes(text));

    private static void AssertFails(DecodeErrorKind kind, DecodeResult result)
    {
        Assert.False(result.IsSuccess, $"expected {kind}, decoded {result}");
        Assert.Equal(kind, result.Error);
        Assert.Equal(0, result.Consumed);
    }

    [Fact]
    public void InlineFrameDecodes()
    {
        DecodeResult result = Decode("HB 1 n1 primary 0\r\n");
        Assert.Equal(new HbMessage(1, "n1", ElectRole.Primary, 0), result.Message);
        Assert.Equal(19, result.Consumed);
    }

    [Fact]
    public void InlineFrameSplitsOnAnyAsciiWhitespaceRun()
    {
        DecodeResult result = Decode("  ANNOUNCE\t\t7 n3 \f 10.0.0.3:6379\r\n");
        Assert.Equal(new AnnounceMessage(7, "n3", "10.0.0.3:6379"), result.Message);
    }

    [Fact]
    public void InlineLoneCarriageReturnSeparatesButVerticalTabDoesNot()
    {
        Assert.Equal(new AcceptMessage(4, "n2"), Decode("ACCEPT\r4 n2\r\n").Message);
        AssertFails(DecodeErrorKind.WrongShape, Decode("ACCEPT\v4 n2\r\n"));
    }

    [Fact]
    public void InlineWithoutLineEndIsTruncated()
    {
        AssertFails(DecodeErrorKind.Truncated, Decode("HB 1 n1 primary 0"));
        AssertFails(DecodeErrorKind.Truncated, Decode("HB 1 n1 primary 0\r"));
    }

    [Theory]
    [InlineData("*0\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("*-7\r\n")]
    [InlineData("*+0\r\n")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("   \t\r\n")]
    [InlineData("*0\r\n\r\n*-1\r\n")]
    public void EmptiesBeforeAFrameAreSkippedAndCounted(string empties)
    {
        byte[] frame = Wire.Frame("ACCEPT", "3", "n1");
        byte[] input = Wire.Concat(Wire.Bytes(empties), frame);
        DecodeResult result = Decode(input);
        Assert.Equal(new AcceptMessage(3, "n1"), result.Message);
        Assert.Equal(input.Length, result.Consumed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*0\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("\r\n\r\n*0\r\n")]
    public void NothingButEmptiesIsTruncated(string input) => AssertFails(DecodeErrorKind.Truncated, Decode(input));

    [Theory]
    [InlineData("+7", 7UL)]
    [InlineData("007", 7UL)]
    [InlineData("+0000", 0UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("00018446744073709551615", ulong.MaxValue)]
    [InlineData("+18446744073709551615", ulong.MaxValue)]
    public void NumbersAcceptPlusAndLeadingZeros(string wire, ulong expected)
    {
        DecodeResult result = Decode(Wire.Frame("OFFER", wire, "n2", wire));
        Assert.Equal(new OfferMessage(expected, "n2", expected), result.Message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-0")]
    [InlineData("+")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1_000")]
    [InlineData("0x10")]
    [InlineData("++1")]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999")]
    [InlineData("１")]
    public void NumbersRejectEverythingElse(string wire)
    {
        AssertFails(DecodeErrorKind.BadNumeric, Decode(Wire.Frame("ACCEPT", wire, "n1")));
        AssertFails(DecodeErrorKind.BadNumeric, Decode(Wire.Frame("OFFER", "1", "n1", wire)));
        AssertFails(DecodeErrorKind.BadNumeric, Decode(Wire.Frame("HB", "1", "n1", "replica", wire)));
    }

    [Fact]
    public void FieldErrorsAreReportedInWireOrder()
    {
        AssertFails(DecodeErrorKind.BadNumeric, Decode(Wire.Frame("HB", "x", "n1", "leader", "0")));
        AssertFails(DecodeErrorKind.BadRole, Decode(Wire.Frame("HB", "1", "n1", "leader", "x")));
        AssertFails(DecodeErrorKind.BadNumeric, Decode(Wire.Frame("HB", "1", "n1", "primary", "x")));
        AssertFails(DecodeErrorKind.BadNumeric, Decode("HB -1 n1 leader -1\r\n"));
    }

    [Fact]
    public void ArityIsJudgedBeforeFields()
    {
        AssertFails(DecodeErrorKind.WrongShape, Decode(Wire.Frame("HB", "x", "n1", "leader")));
        AssertFails(DecodeErrorKind.WrongShape, Decode(Wire.Frame("ACCEPT", "x")));
    }

    [Theory]
    [InlineData("HB", 4)]
    [InlineData("HB", 6)]
    [InlineData("OFFER", 3)]
    [InlineData("OFFER", 5)]
    [InlineData("ACCEPT", 2)]
    [InlineData("ACCEPT", 4)]
    [InlineData("ANNOUNCE", 3)]
    [InlineData("ANNOUNCE", 5)]
    [InlineData("HB", 1)]
    public void WrongArityIsWrongShape(string verb, int count)
    {
        string[] args = new[] { verb }.Concat(Enumerable.Repeat("1", count - 1)).ToArray();
        AssertFails(DecodeErrorKind.WrongShape, Decode(Wire.Frame(args)));
    }

    [Theory]
    [InlineData("PING")]
    [InlineData("HBX")]
    [InlineData("H")]
    [InlineData("")]
    [InlineData("ACCEPTS")]
    public void UnknownVerbIsWrongShape(string verb) =>
        AssertFails(DecodeErrorKind.WrongShape, Decode(Wire.Frame(verb, "1", "n1")));

    [Theory]
    [InlineData("hb", "PRIMARY", ElectRole.Primary)]
    [InlineData("Hb", "Replica", ElectRole.Replica)]
    [InlineData("hB", "caNDidaTE", ElectRole.Candidate)]
    public void VerbsAndRolesAreCaseInsensitive(string verb, string role, ElectRole expected)
    {
        Assert.Equal(new HbMessage(2, "n", expected, 3), Decode(Wire.Frame(verb, "2", "n", role, "3")).Message);
        Assert.Equal(new OfferMessage(1, "c", 2), Decode(Wire.Frame("oFfEr", "1", "c", "2")).Message);
        Assert.Equal(new AcceptMessage(1, "a"), Decode(Wire.Frame("accept", "1", "a")).Message);
        Assert.Equal(new AnnounceMessage(1, "p", "h:1"), Decode(Wire.Frame("Announce", "1", "p", "h:1")).Message);
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("")]
    [InlineData("primary ")]
    [InlineData("primar")]
    [InlineData("replicas")]
    public void UnknownRoleIsBadRole(string role) =>
        AssertFails(DecodeErrorKind.BadRole, Decode(Wire.Frame("HB", "1", "n1", role, "0")));

    [Fact]
    public void TrailingBytesAreLeftForTheNextFrame()
    {
        byte[] first = Wire.Frame("ACCEPT", "5", "n1");
        byte[] second = Wire.Frame("ACCEPT", "6", "n2");
        byte[] input = Wire.Concat(first, second[..10]);
        DecodeResult result = Decode(input);
        Assert.Equal(new AcceptMessage(5, "n1"), result.Message);
        Assert.Equal(first.Length, result.Consumed);
        AssertFails(DecodeErrorKind.Truncated, ElectCodec.Decode(input.AsSpan(result.Consumed)));
    }

    [Fact]
    public void NonUtf8IdBytesDecodeLossily()
    {
        byte[] input = Wire.Concat(Wire.Bytes("*3\r\n$6\r\nACCEPT\r\n$1\r\n1\r\n$4\r\nn"), [0xFF, 0xC3, (byte)'1'], Wire.Bytes("\r\n"));
        Assert.Equal(new AcceptMessage(1, "n\uFFFD\uFFFD1"), Decode(input).Message);
    }

    [Fact]
    public void BulkLengthAcceptsPlusSign()
    {
        Assert.Equal(new AcceptMessage(1, "n1"), Decode("*+3\r\n$+6\r\nACCEPT\r\n$+1\r\n1\r\n$02\r\nn1\r\n").Message);
    }

    [Theory]
    [InlineData("*99999999\r\n")]
    [InlineData("*1048577\r\n")]
    [InlineData("*1048577")]
    [InlineData("*99999999999999999999\r\n")]
    [InlineData("*-99999999999999999999\r\n")]
    [InlineData("*5\r\n$999999999999\r\n")]
    [InlineData("*5\r\n$536870913")]
    [InlineData("*5\r\n$536870913\r\n")]
    public void CountsAndLengthsBeyondTheLimitsAreBadWithoutAllocating(string input)
    {
        byte[] bytes = Wire.Bytes(input);
        ElectCodec.Decode(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DecodeResult result = ElectCodec.Decode(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        AssertFails(DecodeErrorKind.Bad, result);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("*1048576\r\n")]
    [InlineData("*5\r\n$536870912")]
    [InlineData("*5\r\n$536870912\r\n")]
    [InlineData("*5\r\n$536870912\r\nabc")]
    public void CountsAndLengthsAtTheLimitsAreTruncated(string input)
    {
        byte[] bytes = Wire.Bytes(input);
        ElectCodec.Decode(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DecodeResult result = ElectCodec.Decode(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        AssertFails(DecodeErrorKind.Truncated, result);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("*1\r\n+OK\r\n")]              // element not a bulk string
    [InlineData("*2\r\n$2\r\nHB\r\n:1\r\n")]
    [InlineData("*5\r\n*1\r\n")]               // nested array
    [InlineData("*x\r\n")]                     // non-digit count
    [InlineData("*x")]                         // judged before the line ends
    [InlineData("*\r\n")]                      // empty count
    [InlineData("*+\r\n")]
    [InlineData("*1 \r\n")]
    [InlineData("*1\rx")]                      // CR without LF in a header
    [InlineData("*1\r\n$\r\n")]               // empty bulk length
    [InlineData("*1\r\n$-1\r\n")]             // null bulk in a command
    [InlineData("*1\r\n$-")]
    [InlineData("*1\r\n$3\rXabc\r\n")]
    [InlineData("*3\r\n$6\r\nACCEPTXX")]      // payload not followed by CRLF
    [InlineData("*3\r\n$6\r\nACCEPT\rX")]
    [InlineData("*3\r\n$6\r\nACCEPT\n\r")]
    public void BrokenEnvelopesAreBad(string input) => AssertFails(DecodeErrorKind.Bad, Decode(input));

    [Theory]
    [InlineData("*")]
    [InlineData("*3")]
    [InlineData("*3\r")]
    [InlineData("*3\r\n$")]
    [InlineData("*3\r\n$+")]
    [InlineData("*3\r\n$6\r\nACC")]
    [InlineData("*3\r\n$6\r\nACCEPT\r")]
    [InlineData("*-")]
    public void ValidPrefixesAreTruncated(string input) => AssertFails(DecodeErrorKind.Truncated, Decode(input));
}
