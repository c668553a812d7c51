using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

/// <summary>The scanner behind ConvertFrom-KevyElectFrame: the decoder's verdicts, and a reason in words for each failure.</summary>
public class ElectFrameScannerTests
{
    private static ScannedFrame Only(string input)
    {
        IReadOnlyList<ScannedFrame> frames = ElectFrameScanner.Scan(Wire.Bytes(input), resync: false);
        return Assert.Single(frames);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("*0\r\n")]
    [InlineData("*-1\r\n")]
    public void Input_of_only_skippable_bytes_is_truncated_and_says_there_is_no_frame(string input)
    {
        ScannedFrame frame = Only(input);
        Assert.Null(frame.Message);
        Assert.Equal(DecodeErrorKind.Truncated, frame.Error);
        Assert.Equal(0, frame.Offset);
        Assert.Equal("no frame: the input holds only blank lines or empty arrays (*0, *-1)", frame.Reason);
    }

    [Fact]
    public void Skippable_bytes_after_the_last_frame_are_a_truncated_rest()
    {
        byte[] accept = Wire.Frame("ACCEPT", "3", "n1");
        IReadOnlyList<ScannedFrame> frames = ElectFrameScanner.Scan(Wire.Concat(accept, Wire.Bytes("\r\n")), resync: false);
        Assert.Equal(2, frames.Count);
        Assert.Equal(new AcceptMessage(3, "n1"), frames[0].Message);
        Assert.Null(frames[0].Reason);
        Assert.Equal(DecodeErrorKind.Truncated, frames[1].Error);
        Assert.Equal(accept.Length, frames[1].Offset);
    }

    [Theory]
    [InlineData("*1\r\n$2\r\nHBX", DecodeErrorKind.Truncated,
        "the input ends inside element 1 of 1: it declares 2 bytes, and 3 of its 4 bytes with CRLF are present")]
    [InlineData("*1\r\n$3\r\nHB\r\n", DecodeErrorKind.Truncated,
        "the input ends inside element 1 of 1: it declares 3 bytes, and 4 of its 5 bytes with CRLF are present")]
    [InlineData("*1\r\n$2\r\nHBXY", DecodeErrorKind.Bad, "not a RESP multi-bulk frame: element 1 of 1 (2 bytes) is not followed by CRLF")]
    [InlineData("*5\r\n$2\r\nHB\r\n", DecodeErrorKind.Truncated, "the input ends after 1 of 5 elements (12 bytes left)")]
    [InlineData("*5\r\n$2\r\nHB\r\n$1", DecodeErrorKind.Truncated, "the input ends inside the length header of element 2 of 5 (14 bytes left)")]
    [InlineData("*5", DecodeErrorKind.Truncated, "the input ends inside the array header (2 bytes left)")]
    [InlineData("HB 1 n1", DecodeErrorKind.Truncated, "the input ends inside an inline frame, before its CRLF (7 bytes left)")]
    [InlineData("*2\r\n:1\r\n", DecodeErrorKind.Bad, "not a RESP multi-bulk frame: element 1 of 2 starts with ':', not '$'")]
    [InlineData("*x\r\n", DecodeErrorKind.Bad, "not a RESP multi-bulk frame: the array header has 'x' where a decimal must start")]
    [InlineData("*1\r\n$-1\r\n", DecodeErrorKind.Bad, "not a RESP multi-bulk frame: the length of element 1 of 1 is negative (-1)")]
    [InlineData("*1\r\n$4x\r\n", DecodeErrorKind.Bad, "not a RESP multi-bulk frame: the length of element 1 of 1 is '4' followed by 'x', not CRLF")]
    [InlineData("PING\r\n", DecodeErrorKind.WrongShape, "unknown verb 'PING': the verbs are HB, OFFER, ACCEPT and ANNOUNCE")]
    [InlineData("*1\r\n$0\r\n\r\n", DecodeErrorKind.WrongShape, "the verb is empty")]
    [InlineData("hb 1 n1 primary\r\n", DecodeErrorKind.WrongShape, "HB takes 5 elements, the verb and 4 fields; this frame has 4")]
    [InlineData("OFFER 1 n2 -3\r\n", DecodeErrorKind.BadNumeric, "OFFER's repl_offset '-3' is not an unsigned 64-bit decimal")]
    [InlineData("HB 1 n1 leader 0\r\n", DecodeErrorKind.BadRole, "HB's role 'leader' is not primary, replica or candidate")]
    public void Each_failure_says_which_part_of_the_frame_is_at_fault(string input, DecodeErrorKind kind, string reason)
    {
        ScannedFrame frame = Only(input);
        Assert.Equal(kind, frame.Error);
        Assert.Equal(reason, frame.Reason);
    }

    [Theory]
    [InlineData("*99999999\r\n", "99999999 elements, over the limit of 1048576 elements")]
    [InlineData("*1048577", "1048577 elements, over the limit of 1048576 elements")]
    [InlineData("*5\r\n$2\r\nHB\r\n$536870913\r\n", "536870913 bytes, over the limit of 536870912 bytes (512 MiB)")]
    [InlineData("*5\r\n$2\r\nHB\r\n$999999999999\r\n", "999999999999 bytes, over the limit of 536870912 bytes (512 MiB)")]
    [InlineData("*5\r\n$2\r\nHB\r\n$+00536870913", "+00536870913 bytes, over the limit of 536870912 bytes (512 MiB)")]
    public void A_hostile_length_prefix_past_the_limit_is_bad_and_named(string input, string named)
    {
        ScannedFrame frame = Only(input);
        Assert.Equal(DecodeErrorKind.Bad, frame.Error);
        Assert.Contains("declares " + named, frame.Reason);
    }

    [Fact]
    public void A_hostile_length_prefix_within_the_limit_is_truncated_and_named()
    {
        ScannedFrame frame = Only("*5\r\n$2\r\nHB\r\n$536870000\r\nxyz");
        Assert.Equal(DecodeErrorKind.Truncated, frame.Error);
        Assert.Equal("the input ends inside element 2 of 5: it declares 536870000 bytes, and 3 of its 536870002 bytes with CRLF are present", frame.Reason);
    }

    [Fact]
    public void Resync_reports_each_bad_frame_with_its_reason_and_decodes_the_rest()
    {
        byte[] input = Wire.Concat(Wire.Frame("HB", "x", "n1", "primary", "0"), Wire.Frame("ACCEPT", "2", "n3"));
        IReadOnlyList<ScannedFrame> frames = ElectFrameScanner.Scan(input, resync: true);
        Assert.Equal(2, frames.Count);
        Assert.Equal(DecodeErrorKind.BadNumeric, frames[0].Error);
        Assert.Equal("HB's epoch 'x' is not an unsigned 64-bit decimal", frames[0].Reason);
        Assert.Equal(new AcceptMessage(2, "n3"), frames[1].Message);
    }

    [Fact]
    public void A_failure_is_described_with_its_source_offset_and_what_decoding_does_next()
    {
        byte[] input = Wire.Concat(Wire.Frame("ACCEPT", "3", "n1"), Wire.Frame("NOPE", "1"), Wire.Frame("ACCEPT", "4", "n2"));
        ScannedFrame bad = ElectFrameScanner.Scan(input, resync: false)[1];
        string stops = bad.DescribeFailure("capture.bin", resync: false)!;
        Assert.StartsWith($"capture.bin: bad frame at byte offset {bad.Offset}: {bad.Error} ({bad.Reason}).", stops);
        Assert.EndsWith("Decoding of this input stopped here; -Resync skips to the next frame.", stops);
        Assert.EndsWith("Skipping to the next frame.", bad.DescribeFailure("capture.bin", resync: true));
    }

    [Fact]
    public void A_truncated_tail_says_only_where_and_why_and_a_message_has_no_failure()
    {
        IReadOnlyList<ScannedFrame> frames = ElectFrameScanner.Scan(Wire.Concat(Wire.Frame("ACCEPT", "3", "n1"), Wire.Bytes("*3\r\n$6")), resync: false);
        Assert.Null(frames[0].DescribeFailure("hex input", resync: false));
        Assert.Equal(DecodeErrorKind.Truncated, frames[1].Error);
        Assert.EndsWith($"({frames[1].Reason}).", frames[1].DescribeFailure("hex input", resync: false));
    }
}
