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

        var writer = new System.Buffers.ArrayBufferWriter<byte>();
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
    public void EncodeRefusesNullFields()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => ElectCodec.Encode(new AcceptMessage(1, null!)));
        Assert.Equal("AccepterId", ex.ParamName);
    }
}
