using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

public class FrameReaderTests
{
    private static readonly IReadOnlyList<GoldenVectors.ElectVector> Vectors = GoldenVectors.Elect();

    private static byte[] AllFrames() => Wire.Concat(Vectors.Select(v => v.Bytes).ToArray());

    private static List<ElectMessage> Drain(FrameReader reader)
    {
        var messages = new List<ElectMessage>();
        while (reader.TryRead(out ElectMessage? message)) messages.Add(message!);
        return messages;
    }

    [Fact]
    public void WholeStreamYieldsEveryFrameInOrder()
    {
        var reader = new FrameReader();
        reader.Feed(AllFrames());
        Assert.Equal(Vectors.Select(v => v.Message), Drain(reader));
        Assert.False(reader.IsFaulted);
        Assert.Null(reader.Error);
        Assert.Equal(0, reader.BufferedBytes);
    }

    [Fact]
    public void OneByteAtATimeYieldsTheSameFrames()
    {
        var reader = new FrameReader();
        var messages = new List<ElectMessage>();
        foreach (byte b in AllFrames())
        {
            reader.Feed([b]);
            messages.AddRange(Drain(reader));
        }
        Assert.Equal(Vectors.Select(v => v.Message), messages);
        Assert.False(reader.IsFaulted);
    }

    [Fact]
    public void PartialFrameThenRestDecodes()
    {
        byte[] frame = Wire.Frame("OFFER", "9", "n2", "100");
        var reader = new FrameReader();
        reader.Feed(frame.AsSpan(0, 11));
        Assert.False(reader.TryRead(out ElectMessage? none));
        Assert.Null(none);
        Assert.False(reader.IsFaulted);
        Assert.Equal(11, reader.BufferedBytes);
        reader.Feed(frame.AsSpan(11));
        Assert.True(reader.TryRead(out ElectMessage? message));
        Assert.Equal(new OfferMessage(9, "n2", 100), message);
    }

    [Fact]
    public void ManySmallChunksKeepTheBufferCompact()
    {
        byte[] frame = Wire.Frame("ACCEPT", "12345", "replica-1");
        byte[] stream = Wire.Concat(Enumerable.Repeat(frame, 5000).ToArray());
        var reader = new FrameReader();
        int count = 0;
        for (int at = 0; at < stream.Length; at += 7)
        {
            reader.Feed(stream.AsSpan(at, Math.Min(7, stream.Length - at)));
            count += Drain(reader).Count;
            Assert.True(reader.BufferedBytes < frame.Length, $"{reader.BufferedBytes} bytes left buffered");
        }
        Assert.Equal(5000, count);
    }

    [Fact]
    public void EmptiesAndInlineFramesAreRead()
    {
        var reader = new FrameReader();
        reader.Feed(Wire.Bytes("\r\n*0\r\nHB 1 n1 primary 0\r\n*-1\r\n"));
        Assert.Equal([new HbMessage(1, "n1", ElectRole.Primary, 0)], Drain(reader));
        Assert.Equal(5, reader.BufferedBytes); // the trailing *-1 waits for a frame
        Assert.False(reader.IsFaulted);
    }

    [Theory]
    [InlineData("*x\r\n", DecodeErrorKind.Bad)]
    [InlineData("*1\r\n+OK\r\n", DecodeErrorKind.Bad)]
    [InlineData("PING\r\n", DecodeErrorKind.WrongShape)]
    [InlineData("HB x n1 primary 0\r\n", DecodeErrorKind.BadNumeric)]
    [InlineData("HB 1 n1 leader 0\r\n", DecodeErrorKind.BadRole)]
    public void GarbageFaultsForGood(string garbage, DecodeErrorKind kind)
    {
        byte[] good = Wire.Frame("ACCEPT", "1", "n1");
        var reader = new FrameReader();
        reader.Feed(Wire.Concat(good, Wire.Bytes(garbage), good));
        Assert.True(reader.TryRead(out ElectMessage? first));
        Assert.Equal(new AcceptMessage(1, "n1"), first);
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.IsFaulted);
        Assert.Equal(kind, reader.Error);
        Assert.False(reader.BufferLimitExceeded);

        reader.Feed(good);
        Assert.False(reader.TryRead(out ElectMessage? after));
        Assert.Null(after);
        Assert.Equal(0, reader.BufferedBytes);
    }

    [Fact]
    public void MoreThanSixteenKibWithoutAFrameFaults()
    {
        var reader = new FrameReader();
        reader.Feed(Enumerable.Repeat((byte)'a', FrameReader.MaxBufferedBytes).ToArray());
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.IsFaulted);

        reader.Feed([(byte)'a']);
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.IsFaulted);
        Assert.True(reader.BufferLimitExceeded);
        Assert.Equal(DecodeErrorKind.Truncated, reader.Error);
    }

    [Fact]
    public void ALegalButHugeBulkFaultsAtTheLimit()
    {
        var reader = new FrameReader();
        reader.Feed(Wire.Bytes("*3\r\n$6\r\nACCEPT\r\n$1\r\n1\r\n$100000\r\n"));
        byte[] chunk = Enumerable.Repeat((byte)'x', 1024).ToArray();
        int fed = 0;
        while (!reader.IsFaulted && fed < 100_000)
        {
            reader.Feed(chunk);
            fed += chunk.Length;
            Assert.False(reader.TryRead(out _));
        }
        Assert.True(reader.IsFaulted);
        Assert.True(reader.BufferLimitExceeded);
        Assert.True(fed <= FrameReader.MaxBufferedBytes + chunk.Length);
    }

    [Fact]
    public void ALargeBurstOfCompleteFramesIsNotALimitBreach()
    {
        byte[] frame = Wire.Frame("HB", "1", "n1", "replica", "99");
        byte[] burst = Wire.Concat(Enumerable.Repeat(frame, 1000).ToArray());
        Assert.True(burst.Length > FrameReader.MaxBufferedBytes);
        var reader = new FrameReader();
        reader.Feed(burst);
        Assert.Equal(1000, Drain(reader).Count);
        Assert.False(reader.IsFaulted);
    }
}
