using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Robustness;

/// <summary>
/// Seeded fuzz of the elect decoder and the RESP reply reader with hostile frames
/// (<see cref="HostileFrames"/>): every input gets one of the five verdicts (the certain ones exactly),
/// nothing throws, a failed decode allocates nothing whatever length it was promised, and a success
/// allocates in proportion to the bytes actually present. The normal run tries 100 000 frames; the
/// soak (<c>build.ps1 -Task Soak</c>) a million with another seed.
/// </summary>
public class DecoderFuzzTests
{
    /// <summary>Most a successful decode may allocate: the message and its strings, bounded by the frame's size.</summary>
    private static long SuccessBudget(int frameBytes) => 256 + 4L * frameBytes;

    /// <summary>Most a complete reply may allocate: one value object and array slot per few bytes.</summary>
    private static long ReplyBudget(int replyBytes) => 1024 + 32L * replyBytes;

    [Fact]
    public void Hundred_thousand_hostile_frames_get_one_of_the_five_verdicts_in_bounded_memory() =>
        FuzzDecoder(frames: 100_000, seed: 0x5EED_0001);

    [Fact]
    [Trait("Category", "Soak")]
    public void Million_hostile_frames_get_one_of_the_five_verdicts_in_bounded_memory() =>
        FuzzDecoder(frames: 1_000_000, seed: 0x5EED_1000);

    [Fact]
    public void Hundred_thousand_hostile_frames_read_as_replies_in_bounded_memory() =>
        FuzzReplyReader(frames: 100_000, seed: 0x5EED_0002);

    [Fact]
    [Trait("Category", "Soak")]
    public void Million_hostile_frames_read_as_replies_in_bounded_memory() =>
        FuzzReplyReader(frames: 1_000_000, seed: 0x5EED_2000);

    [Fact]
    public void The_generator_reaches_every_verdict()
    {
        var gen = new HostileFrames(7);
        var seen = new HashSet<string>();
        for (int i = 0; i < 20_000; i++)
        {
            DecodeResult r = ElectCodec.Decode(gen.Next().Bytes);
            seen.Add(r.IsSuccess ? "Success" : r.Error.ToString());
        }
        Assert.Equal(new[] { "Bad", "BadNumeric", "BadRole", "Success", "Truncated", "WrongShape" }, seen.Order().ToArray());
    }

    private static void FuzzDecoder(int frames, int seed)
    {
        // The decoder's one-time set-up (its table of heard ids) is allocated on first use, whichever test decodes first:
        // decode once before measuring, so each frame is charged only what it allocates itself.
        _ = ElectCodec.Decode(ElectCodec.Encode(new AcceptMessage(1, "warm-up")));
        var gen = new HostileFrames(seed);
        var verdicts = new Dictionary<string, int>();
        long largestSuccessAllocation = 0;
        for (int i = 0; i < frames; i++)
        {
            HostileFrames.Case c = gen.Next();
            long before = GC.GetAllocatedBytesForCurrentThread();
            DecodeResult result = ElectCodec.Decode(c.Bytes);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            string where = $"frame {i} ({c.Kind}): {Convert.ToHexString(c.Bytes)}";
            if (result.IsSuccess)
            {
                Assert.True(c.Expected is null, $"{where} decoded but must be {c.Expected}");
                if (c.ExpectedMessage is not null) Assert.Equal(c.ExpectedMessage, result.Message);
                Assert.InRange(result.Consumed, 1, c.Bytes.Length);
                Assert.True(allocated <= SuccessBudget(c.Bytes.Length), $"{where} decoded allocating {allocated} B");
                largestSuccessAllocation = Math.Max(largestSuccessAllocation, allocated);
            }
            else
            {
                Assert.True(Enum.IsDefined(result.Error), $"{where} failed with undefined kind {(int)result.Error}");
                if (c.Expected is { } expected) Assert.True(expected == result.Error, $"{where} is {result.Error}, expected {expected}");
                Assert.True(c.ExpectedMessage is null, $"{where} failed ({result.Error}) but is a valid frame");
                Assert.True(allocated == 0, $"{where} failed ({result.Error}) allocating {allocated} B");
                Assert.Equal(0, result.Consumed);
            }
            string verdict = result.IsSuccess ? "Success" : result.Error.ToString();
            verdicts[verdict] = verdicts.GetValueOrDefault(verdict) + 1;
        }
        Assert.True(verdicts.Count >= 5, "the fuzz reached only " + string.Join(", ", verdicts.Keys));
        Assert.InRange(largestSuccessAllocation, 1, 4096);
    }

    private static void FuzzReplyReader(int frames, int seed)
    {
        var gen = new HostileFrames(seed);
        var statuses = new HashSet<RespReadStatus>();
        for (int i = 0; i < frames; i++)
        {
            HostileFrames.Case c = gen.Next();
            long before = GC.GetAllocatedBytesForCurrentThread();
            RespReadStatus status = RespReader.TryReadReply(c.Bytes, out RespValue? value, out int consumed);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            string where = $"frame {i} ({c.Kind}): {Convert.ToHexString(c.Bytes)}";
            Assert.True(Enum.IsDefined(status), $"{where}: undefined status {(int)status}");
            statuses.Add(status);
            if (status == RespReadStatus.Complete)
            {
                Assert.NotNull(value);
                Assert.InRange(consumed, 1, c.Bytes.Length);
                Assert.True(allocated <= ReplyBudget(consumed), $"{where} read allocating {allocated} B");
            }
            else
            {
                Assert.Null(value);
                Assert.True(allocated == 0, $"{where} is {status} but allocated {allocated} B");
            }
            // A frame the decoder calls over the limits is just as over the limits as a reply.
            if (c.Expected == DecodeErrorKind.Bad && c.Kind != "negative bulk length")
                Assert.True(status == RespReadStatus.Malformed, $"{where} read as {status}");
        }
        Assert.Equal(3, statuses.Count);
    }
}
