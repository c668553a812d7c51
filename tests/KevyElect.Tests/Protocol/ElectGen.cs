using CsCheck;
using KevyElect.Protocol;

namespace KevyElect.Tests.Protocol;

/// <summary>Generators of elect messages with hostile-but-legal field values.</summary>
internal static class ElectGen
{
    /// <summary>Full-range u64 with the edges over-represented.</summary>
    public static readonly Gen<ulong> Number = Gen.Frequency(
        (6, Gen.ULong),
        (2, Gen.ULong[0, 1000]),
        (1, Gen.OneOf(0UL, 9UL, 10UL, ulong.MaxValue, ulong.MaxValue - 1, 4294967295UL, 4294967296UL)));

    /// <summary>One Unicode scalar (never a lone surrogate), leaning on the bytes RESP cares about.</summary>
    private static readonly Gen<string> Scalar = Gen.Frequency(
        (6, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (2, Gen.OneOf("\r", "\n", "\r\n", "*", "$", " ", "\t", "+", "-", ":", "0", "\0")),
        (2, Gen.Int[0x80, 0xFFFF].Where(cp => cp < 0xD800 || cp > 0xDFFF).Select(char.ConvertFromUtf32)),
        (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)));

    /// <summary>Any valid string up to 40 scalars, empty included.</summary>
    public static readonly Gen<string> Text = Scalar.Array[0, 40].Select(parts => string.Concat(parts));

    public static readonly Gen<ElectMessage> Message = Gen.OneOf<ElectMessage>(
        Gen.Select(Number, Text, Gen.Enum<ElectRole>(), Number, (e, id, role, off) => new HbMessage(e, id, role, off)),
        Gen.Select(Number, Text, Number, (e, id, off) => new OfferMessage(e, id, off)),
        Gen.Select(Number, Text, (e, id) => new AcceptMessage(e, id)),
        Gen.Select(Number, Text, Text, (e, id, addr) => new AnnounceMessage(e, id, addr)));

    /// <summary>
    /// A frame the encoder wrote, cut inside one field's CRLF: the field's data all there and the one
    /// terminator byte present wrong (Truncated until its partner arrives, then Bad).
    /// </summary>
    public static readonly Gen<byte[]> TruncatedWithBadTerminator = Gen.Select(Message, Gen.Int[0, 1000], Gen.Byte.Where(b => b != (byte)'\r'),
        (message, pick, wrong) =>
        {
            byte[] frame = ElectCodec.Encode(message);
            IReadOnlyList<(int DataStart, int Length)> fields = Wire.Fields(frame);
            (int dataStart, int length) = fields[pick % fields.Count];
            byte[] cut = frame[..(dataStart + length + 1)];
            cut[^1] = wrong;
            return cut;
        });

    /// <summary>One to six things the decoder skips: blank lines, whitespace-only lines, <c>*0</c>, <c>*+0</c>, any negative count.</summary>
    public static readonly Gen<byte[]> OnlySkippable = Gen.OneOf(
            Gen.Const("\r\n"), Gen.Const("*0\r\n"), Gen.Const("*+00\r\n"), Gen.Const(" \t\f \r\n"),
            Gen.Long[long.MinValue + 1, -1].Select(n => $"*{n}\r\n"))
        .Array[1, 6]
        .Select(parts => Wire.Bytes(string.Concat(parts)));

    /// <summary>
    /// Runs <paramref name="assert"/> on <paramref name="count"/> values drawn from a fixed seed, so
    /// every run checks the same inputs; a failure names the input.
    /// </summary>
    public static void Seeded<T>(Gen<T> gen, int count, ulong seed, Action<T> assert)
    {
        var pcg = new PCG(1, seed);
        for (int i = 0; i < count; i++)
        {
            T value = gen.Generate(pcg, null, out _);
            try
            {
                assert(value);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"sample {i} failed: {Check.Print(value)}\n{ex}");
            }
        }
    }
}
