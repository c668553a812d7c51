using System.Text;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Robustness;

/// <summary>
/// A peer that promises half a gigabyte and then drips bytes must cost at most the reader's own
/// bound, never the size it claimed.
/// </summary>
public class DecoderMemoryBoundTests
{
    private static readonly byte[] HugeClaim = Encoding.ASCII.GetBytes("*5\r\n$2\r\nHB\r\n$536870000\r\n");

    [Fact]
    public void Frame_reader_fed_a_huge_claim_faults_at_its_buffer_limit_in_bounded_memory()
    {
        var reader = new FrameReader();
        byte[] chunk = Enumerable.Repeat((byte)'x', 1024).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();

        reader.Feed(HugeClaim);
        int fed = HugeClaim.Length;
        while (!reader.IsFaulted && fed < 1024 * 1024)
        {
            Assert.False(reader.TryRead(out _));
            reader.Feed(chunk);
            fed += chunk.Length;
        }
        reader.TryRead(out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(reader.IsFaulted);
        Assert.True(reader.BufferLimitExceeded);
        Assert.InRange(fed, FrameReader.MaxBufferedBytes, FrameReader.MaxBufferedBytes + 2 * chunk.Length + HugeClaim.Length);
        // The buffer doubles up to the first power of two past 16 KiB: 1+2+...+32 KiB, far from 512 MiB.
        Assert.InRange(allocated, 1, 128 * 1024);
        Assert.Equal(0, reader.BufferedBytes);
    }

    [Theory]
    [InlineData("*5\r\n$2\r\nHB\r\n$536870000\r\n")]
    [InlineData("*1048576\r\n")]
    [InlineData("*5\r\n$2\r\nHB\r\n$536870912\r\n")]
    public void Decoding_a_huge_claim_byte_by_byte_allocates_nothing(string header)
    {
        byte[] input = Encoding.ASCII.GetBytes(header).Concat(Enumerable.Repeat((byte)'7', 4096)).ToArray();
        ElectCodec.Decode(input.AsSpan(0, 1));
        long before = GC.GetAllocatedBytesForCurrentThread();
        int truncated = 0;
        for (int cut = 1; cut <= input.Length; cut++)
        {
            if (ElectCodec.Decode(input.AsSpan(0, cut)).Error == DecodeErrorKind.Truncated) truncated++;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(truncated >= header.Length - 1, $"only {truncated} prefixes were Truncated");
    }

    [Fact]
    public void Over_limit_bulk_is_bad_as_soon_as_its_digits_say_so()
    {
        // 536870913 is one past 512 MiB: Bad at its last digit, before any CRLF.
        Assert.Equal(DecodeErrorKind.Truncated, ElectCodec.Decode(Encoding.ASCII.GetBytes("*5\r\n$2\r\nHB\r\n$53687091")).Error);
        Assert.Equal(DecodeErrorKind.Bad, ElectCodec.Decode(Encoding.ASCII.GetBytes("*5\r\n$2\r\nHB\r\n$536870913")).Error);
        Assert.Equal(DecodeErrorKind.Bad, ElectCodec.Decode(Encoding.ASCII.GetBytes("*1048577")).Error);
    }

    [Fact]
    public void Reply_reader_refuses_a_reply_past_its_limit_without_waiting_for_it()
    {
        byte[] claim = Encoding.ASCII.GetBytes("$104857600\r\nxxxx");
        long before = GC.GetAllocatedBytesForCurrentThread();
        RespReadStatus limited = RespReader.TryReadReply(claim, 4 * 1024 * 1024, out RespValue? value, out _);
        RespReadStatus unlimited = RespReader.TryReadReply(claim, out _, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(RespReadStatus.Malformed, limited);
        Assert.Null(value);
        Assert.Equal(RespReadStatus.Incomplete, unlimited);
    }
}
