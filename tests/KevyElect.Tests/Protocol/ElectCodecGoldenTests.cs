using System.Buffers;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

public class ElectCodecGoldenTests
{
    [Fact]
    public void VectorFileIsPresentAndCoversEveryVerb()
    {
        var vectors = GoldenVectors.Elect();
        Assert.Equal(33, vectors.Count);
        Assert.Equal(4, vectors.Select(v => v.Message.Verb).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(GoldenVectors.ElectCases), MemberType = typeof(GoldenVectors))]
    public void EncodeWritesTheReferenceBytes(string name)
    {
        var v = GoldenVectors.ElectCase(name);
        Assert.Equal(v.Length, v.Bytes.Length);
        Assert.Equal(v.Bytes.Length, ElectCodec.GetEncodedLength(v.Message));
        Assert.Equal(Convert.ToHexString(v.Bytes), Convert.ToHexString(ElectCodec.Encode(v.Message)));

        var span = new byte[v.Bytes.Length + 7];
        Assert.Equal(v.Bytes.Length, ElectCodec.Encode(v.Message, span.AsSpan()));
        Assert.Equal(v.Bytes, span[..v.Bytes.Length]);

        var writer = new ArrayBufferWriter<byte>();
        ElectCodec.Encode(v.Message, writer);
        Assert.Equal(v.Bytes, writer.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(GoldenVectors.ElectCases), MemberType = typeof(GoldenVectors))]
    public void DecodeReadsTheReferenceBytes(string name)
    {
        var v = GoldenVectors.ElectCase(name);
        DecodeResult result = ElectCodec.Decode(v.Bytes);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(v.Message, result.Message);
        Assert.Equal(v.Length, result.Consumed);
    }

    [Fact]
    public void EncodeIntoShortSpanThrowsNamingTheSizes()
    {
        var message = new AcceptMessage(2, "n1");
        var ex = Assert.Throws<ArgumentException>(() => ElectCodec.Encode(message, new byte[30].AsSpan()));
        Assert.Contains("31", ex.Message);
    }

    [Fact]
    public void EncodeIntoABufferWriterThatGivesTooLittleThrowsAndAdvancesNothing()
    {
        var writer = new StingyWriter(10);
        var ex = Assert.Throws<InvalidOperationException>(() => ElectCodec.Encode(new AcceptMessage(2, "n1"), writer));
        Assert.Contains("needs 31", ex.Message);
        Assert.Equal(0, writer.Advanced);
    }

    [Fact]
    public void EncodeIntoABufferWriterAsksForMoreWhenItsSpanIsShort()
    {
        var writer = new ArrayBufferWriter<byte>(1);
        writer.Write(new byte[1]);
        ElectCodec.Encode(new AnnounceMessage(7, "replica-1", "127.0.0.1:17014"), writer);
        Assert.Equal(ElectCodec.Encode(new AnnounceMessage(7, "replica-1", "127.0.0.1:17014")), writer.WrittenSpan[1..].ToArray());
    }

    /// <summary>A buffer writer that hands out the same few bytes whatever it is asked for.</summary>
    private sealed class StingyWriter(int size) : IBufferWriter<byte>
    {
        private readonly byte[] _buffer = new byte[size];

        public int Advanced { get; private set; }

        public void Advance(int count) => Advanced += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer;

        public Span<byte> GetSpan(int sizeHint = 0) => _buffer;
    }

    [Fact]
    public void EncodeRefusesNullFields()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => ElectCodec.Encode(new AcceptMessage(1, null!)));
        Assert.Equal("AccepterId", ex.ParamName);
    }
}
