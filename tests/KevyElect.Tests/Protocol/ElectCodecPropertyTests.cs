using System.Buffers;
using CsCheck;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

public class ElectCodecPropertyTests
{
    private static readonly DecodeErrorKind[] Kinds = Enum.GetValues<DecodeErrorKind>();

    [Fact]
    public void AnyMessageRoundTrips() => ElectGen.Seeded(ElectGen.Message, 3000, 0xE1EC7, message =>
    {
        byte[] frame = ElectCodec.Encode(message);
        Assert.Equal(ElectCodec.GetEncodedLength(message), frame.Length);
        DecodeResult result = ElectCodec.Decode(frame);
        Assert.Equal(message, result.Message);
        Assert.Equal(frame.Length, result.Consumed);
    });

    [Fact]
    public void EncodingsAgreeAcrossArraySpanAndBufferWriter() => ElectGen.Seeded(ElectGen.Message, 500, 0xB0FF, message =>
    {
        byte[] frame = ElectCodec.Encode(message);
        var span = new byte[frame.Length];
        Assert.Equal(frame.Length, ElectCodec.Encode(message, span.AsSpan()));
        var writer = new ArrayBufferWriter<byte>(1);
        ElectCodec.Encode(message, writer);
        Assert.Equal(frame, span);
        Assert.Equal(frame, writer.WrittenSpan.ToArray());
    });

    [Fact]
    public void EveryStrictPrefixOfAFrameIsTruncated() => ElectGen.Seeded(ElectGen.Message, 300, 0x7A11, message =>
    {
        byte[] frame = ElectCodec.Encode(message);
        for (int cut = 0; cut < frame.Length; cut++)
        {
            DecodeResult result = ElectCodec.Decode(frame.AsSpan(0, cut));
            Assert.False(result.IsSuccess, $"prefix {cut} of {frame.Length} decoded");
            Assert.Equal(DecodeErrorKind.Truncated, result.Error);
        }
    });

    [Fact]
    public void AFieldWithOneWrongTerminatorByteIsTruncatedUntilItsPartnerArrives() =>
        ElectGen.Seeded(Gen.Select(ElectGen.TruncatedWithBadTerminator, Gen.Byte), 2000, 0xC0DE, sample =>
        {
            (byte[] cut, byte next) = sample;
            Assert.Equal(DecodeErrorKind.Truncated, ElectCodec.Decode(cut).Error);
            Assert.Equal(DecodeErrorKind.Bad, ElectCodec.Decode(Wire.Concat(cut, [next])).Error);

            var reader = new FrameReader();
            reader.Feed(cut);
            Assert.False(reader.TryRead(out _));
            Assert.False(reader.IsFaulted);
            reader.Feed([next]);
            Assert.False(reader.TryRead(out _));
            Assert.Equal(DecodeErrorKind.Bad, reader.Error);
        });

    [Fact]
    public void OnlySkippableBytesAreTruncatedAndCountInTheFrameThatFollows() =>
        ElectGen.Seeded(Gen.Select(ElectGen.OnlySkippable, ElectGen.Message), 2000, 0x5C1B, sample =>
        {
            (byte[] empties, ElectMessage message) = sample;
            DecodeResult alone = ElectCodec.Decode(empties);
            Assert.Equal(DecodeErrorKind.Truncated, alone.Error);
            Assert.Equal(DecodeErrorKind.Truncated, Assert.Single(ElectFrameScanner.Scan(empties, resync: false)).Error);

            byte[] input = Wire.Concat(empties, ElectCodec.Encode(message));
            DecodeResult result = ElectCodec.Decode(input);
            Assert.Equal(message, result.Message);
            Assert.Equal(input.Length, result.Consumed);
        });

    [Fact]
    public void RandomAndMutatedBytesNeverThrowAndSettleForGood()
    {
        var random = new Random(20240611);
        byte[][] valid = GoldenVectors.Elect().Select(v => v.Bytes)
            .Concat([Wire.Bytes("HB 1 n1 primary 0\r\n"), Wire.Bytes("*0\r\n\r\nACCEPT 2 n\r\n")])
            .ToArray();
        int decoded = 0;
        var seen = new HashSet<DecodeErrorKind>();
        for (int i = 0; i < 100_000; i++)
        {
            byte[] input = i % 2 == 0 ? RandomBytes(random) : Mutate(random, valid[random.Next(valid.Length)]);
            DecodeResult result = DecodeWithoutThrowing(input);
            if (result.IsSuccess)
            {
                decoded++;
                Assert.InRange(result.Consumed, 1, input.Length);
            }
            else
            {
                Assert.Contains(result.Error, Kinds);
                seen.Add(result.Error);
            }

            // A verdict other than Truncated is final: more bytes never change it.
            if (result.IsSuccess || result.Error != DecodeErrorKind.Truncated)
            {
                byte[] extended = Wire.Concat(input, RandomBytes(random));
                DecodeResult again = DecodeWithoutThrowing(extended);
                Assert.Equal(result.Error, again.Error);
                Assert.Equal(result.Message, again.Message);
                Assert.Equal(result.Consumed, again.Consumed);
            }
        }

        Assert.True(decoded > 1000, $"only {decoded} inputs decoded");
        Assert.Equal(Kinds.Length, seen.Count);
    }

    private static DecodeResult DecodeWithoutThrowing(byte[] input)
    {
        try
        {
            return ElectCodec.Decode(input);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"Decode threw on {Convert.ToHexString(input)}: {ex}");
        }
    }

    private static readonly byte[] Alphabet = Wire.Bytes("*$+-:\r\n0123456789 HBOFERACPTNUhbimryl");

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 48)];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(3) == 0 ? (byte)random.Next(256) : Alphabet[random.Next(Alphabet.Length)];
        }
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] frame)
    {
        var bytes = new List<byte>(frame);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes[at] = Alphabet[random.Next(Alphabet.Length)]; break;
            }
        }
        return bytes.ToArray();
    }
}
