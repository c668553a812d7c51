using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

/// <summary>
/// The reference decoder checks completeness before content (protocol.md section 1): while a bulk
/// field's data and both bytes of its CRLF are not all there the answer is Truncated, even when a
/// terminator byte already there is wrong; input holding only skippable bytes is Truncated too.
/// Each example of that section, in the decoder and in the frame reader.
/// </summary>
public class CompletenessBeforeContentTests
{
    [Theory]
    [InlineData("*1\r\n$2\r\nHBX", DecodeErrorKind.Truncated)]   // the one terminator byte there is wrong
    [InlineData("*1\r\n$2\r\nHBXY", DecodeErrorKind.Bad)]        // both there, both wrong
    [InlineData("*1\r\n$3\r\nHB\r\n", DecodeErrorKind.Truncated)] // data "HB\r", one terminator byte missing
    [InlineData("\r\n", DecodeErrorKind.Truncated)]
    [InlineData("*0\r\n", DecodeErrorKind.Truncated)]
    [InlineData("*-1\r\n", DecodeErrorKind.Truncated)]
    public void The_protocol_pages_examples_get_the_reference_verdict(string input, DecodeErrorKind expected)
    {
        DecodeResult result = ElectCodec.Decode(Wire.Bytes(input));
        Assert.False(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Error);
        Assert.Equal(0, result.Consumed);
    }

    [Theory]
    [InlineData("*1\r\n$3\r\nHB\r\n\r")]
    [InlineData("*1\r\n$3\r\nHB\r\n\n")]
    [InlineData("*1\r\n$2\r\nHBXY")]
    [InlineData("*1\r\n$2\r\nHB\rX")]
    [InlineData("*1\r\n$2\r\nHBX\n")]
    public void A_wrong_terminator_is_bad_once_both_bytes_are_there(string input) =>
        Assert.Equal(DecodeErrorKind.Bad, ElectCodec.Decode(Wire.Bytes(input)).Error);

    [Fact]
    public void A_later_field_still_arriving_keeps_a_whole_frame_truncated_whatever_its_first_terminator_byte()
    {
        byte[] frame = Wire.Frame("HB", "1", "n1", "primary", "0");
        int lastTerminator = frame.Length - 2;
        byte[] cut = frame[..(lastTerminator + 1)];
        cut[lastTerminator] = (byte)'X';
        Assert.Equal(DecodeErrorKind.Truncated, ElectCodec.Decode(cut).Error);
        Assert.Equal(DecodeErrorKind.Bad, ElectCodec.Decode(Wire.Concat(cut, [(byte)'\n'])).Error);
    }

    [Fact]
    public void The_frame_reader_waits_on_a_wrong_terminator_byte_and_faults_once_the_next_one_arrives()
    {
        var reader = new FrameReader();
        reader.Feed(Wire.Bytes("*1\r\n$2\r\nHBX"));
        Assert.False(reader.TryRead(out ElectMessage? none));
        Assert.Null(none);
        Assert.False(reader.IsFaulted);
        Assert.Equal(11, reader.BufferedBytes);

        reader.Feed(Wire.Bytes("Y"));
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.IsFaulted);
        Assert.Equal(DecodeErrorKind.Bad, reader.Error);
        Assert.False(reader.BufferLimitExceeded);
    }

    [Fact]
    public void The_frame_reader_waits_on_a_carriage_return_inside_the_data()
    {
        var reader = new FrameReader();
        reader.Feed(Wire.Bytes("*1\r\n$3\r\nHB\r\n"));
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.IsFaulted);
        reader.Feed(Wire.Bytes("\r"));
        Assert.False(reader.TryRead(out _));
        Assert.Equal(DecodeErrorKind.Bad, reader.Error);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("*0\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("\r\n*0\r\n\r\n*-1\r\n")]
    public void The_frame_reader_holds_skippable_bytes_until_a_frame_follows_and_counts_them_in_it(string empties)
    {
        var reader = new FrameReader();
        reader.Feed(Wire.Bytes(empties));
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.IsFaulted);
        Assert.Equal(empties.Length, reader.BufferedBytes);

        reader.Feed(Wire.Frame("ACCEPT", "4", "n2"));
        Assert.True(reader.TryRead(out ElectMessage? message));
        Assert.Equal(new AcceptMessage(4, "n2"), message);
        Assert.Equal(0, reader.BufferedBytes);
    }

    /// <summary>Every field of every golden frame: cut after one wrong terminator byte, it is Truncated; with a second byte, Bad.</summary>
    [Theory]
    [MemberData(nameof(GoldenVectors.ElectCases), MemberType = typeof(GoldenVectors))]
    public void Every_field_of_a_golden_frame_is_truncated_with_one_wrong_terminator_byte(string name)
    {
        byte[] frame = GoldenVectors.ElectCase(name).Bytes;
        foreach ((int dataStart, int length) in Wire.Fields(frame))
        {
            int terminator = dataStart + length;
            byte[] cut = frame[..(terminator + 1)];
            cut[terminator] = (byte)'x';
            Assert.Equal(DecodeErrorKind.Truncated, ElectCodec.Decode(cut).Error);
            Assert.Equal(DecodeErrorKind.Bad, ElectCodec.Decode(Wire.Concat(cut, [(byte)'\n'])).Error);
        }
    }
}
