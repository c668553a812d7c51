using CsCheck;
using KevyElect.Protocol;
using KevyElect.Tests.Robustness;
using Xunit;
using Baseline = KevyElect.Bench.Baseline;

namespace KevyElect.Tests.Protocol;

/// <summary>
/// The rewritten codec against the copy of the previous one that the benchmarks measure it against
/// (bench/KevyElect.Bench/Baseline): byte for byte the same frames, and the same verdict on every
/// input except exactly where completeness now comes before content.
/// </summary>
public class ElectCodecBaselineAgreementTests
{
    [Fact]
    public void Every_message_encodes_to_the_baselines_bytes() => ElectGen.Seeded(ElectGen.Message, 3000, 0xBA5E, message =>
    {
        byte[] frame = ElectCodec.Encode(message);
        Assert.Equal(Baseline.ElectCodec.Encode(message), frame);
        Assert.Equal(Baseline.ElectCodec.GetEncodedLength(message), ElectCodec.GetEncodedLength(message));
    });

    [Fact]
    public void Random_mutated_and_hostile_inputs_decode_as_the_baseline_except_a_wrong_terminator_byte_still_waiting()
    {
        int changed = 0, compared = 0;
        void Check(byte[] input)
        {
            compared++;
            DecodeResult now = ElectCodec.Decode(input);
            DecodeResult before = Baseline.ElectCodec.Decode(input);
            if (now.IsSuccess == before.IsSuccess && now.Message == before.Message && now.Consumed == before.Consumed
                && (now.IsSuccess || now.Error == before.Error))
            {
                return;
            }

            // The one rule that changed: the baseline judged a bulk field's first terminator byte as soon
            // as it arrived; now a field is Truncated until both bytes are there.
            string where = Convert.ToHexString(input);
            Assert.True(before.Error == DecodeErrorKind.Bad && now.Error == DecodeErrorKind.Truncated,
                $"{where}: now {now}, the baseline said {before}");
            Assert.True(IsOneWrongTerminatorByteShort(input), $"{where}: Truncated now, Bad before, but not a field waiting for its CRLF");
            Assert.Equal(DecodeErrorKind.Bad, ElectCodec.Decode(Wire.Concat(input, [(byte)'\n'])).Error);
            changed++;
        }

        ElectGen.Seeded(Gen.Byte.Array[0, 64], 20_000, 0x0E6, Check);
        ElectGen.Seeded(ElectGen.TruncatedWithBadTerminator, 2000, 0xA11CE, Check);
        ElectGen.Seeded(ElectGen.OnlySkippable, 500, 0x5417, Check);
        var random = new Random(0x0A9E);
        byte[][] valid = GoldenVectors.Elect().Select(v => v.Bytes).ToArray();
        for (int i = 0; i < 20_000; i++) Check(Mutate(random, valid[random.Next(valid.Length)]));
        var hostile = new HostileFrames(0x0B5E);
        for (int i = 0; i < 20_000; i++) Check(hostile.Next().Bytes);

        Assert.True(changed >= 2000, $"only {changed} of {compared} inputs reached the changed rule");
    }

    [Fact]
    public void The_short_path_for_frames_in_the_encoders_form_answers_as_the_full_decoder() =>
        ElectGen.Seeded(Gen.Select(ElectGen.Message, Gen.Int[0, 3], Gen.Int[0, 500]), 5000, 0xFA57, sample =>
        {
            (ElectMessage message, int damage, int at) = sample;
            byte[] frame = ElectCodec.Encode(message);
            byte[] input = damage switch
            {
                0 => frame,
                1 => frame[..(at % frame.Length)],
                2 => Wire.Concat(frame, frame),
                _ => Flip(frame, at),
            };
            DecodeResult fast = ElectCodec.Decode(input);
            DecodeResult full = ElectCodec.DecodeAnyForm(input);
            Assert.Equal(full.Message, fast.Message);
            Assert.Equal(full.Consumed, fast.Consumed);
            Assert.Equal(full.Error, fast.Error);
        });

    /// <summary>The input ends one byte into a bulk field's CRLF, and that byte is not CR.</summary>
    private static bool IsOneWrongTerminatorByteShort(byte[] input)
    {
        var detail = default(RespParseDetail);
        Span<RespArg> args = stackalloc RespArg[5];
        RespCommandParser.TryParse(input, args, out _, out _, ref detail);
        return detail.Problem == RespParseProblem.FieldData
            && input.Length == detail.DataStart + detail.Length + 1
            && input[^1] != (byte)'\r';
    }

    private static byte[] Flip(byte[] frame, int at)
    {
        byte[] copy = (byte[])frame.Clone();
        copy[at % copy.Length] ^= (byte)(1 << (at % 8));
        return copy;
    }

    private static byte[] Mutate(Random random, byte[] frame)
    {
        var bytes = new List<byte>(frame);
        for (int e = random.Next(1, 4); e > 0 && bytes.Count > 0; e--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.Insert(at, (byte)"\r\n$*0123456789x"[random.Next(15)]); break;
                case 2: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return bytes.ToArray();
    }
}
