using Xunit;
using KevyElect.Failover;

namespace KevyElect.Tests.Failover;

public class EpochChooserTests
{
    [Fact]
    public void The_clock_epoch_is_unix_milliseconds()
    {
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        Assert.Equal((ulong)at.ToUnixTimeMilliseconds(), EpochChooser.FromClock(at));
        Assert.Equal((EpochChooser.FromClock(at), "clock (Unix ms)"), EpochChooser.Choose(null, at));
    }

    [Fact]
    public void A_later_clock_gives_a_larger_epoch_than_an_earlier_one_plus_many_elections()
    {
        var first = DateTimeOffset.UnixEpoch.AddYears(55);
        ulong earlier = EpochChooser.FromClock(first);
        // Even a thousand candidacies after the first takeover stay below a takeover two seconds later.
        Assert.True(EpochChooser.FromClock(first.AddSeconds(2)) > earlier + 1000);
    }

    [Fact]
    public void An_explicit_epoch_wins_and_zero_is_refused()
    {
        Assert.Equal((42UL, "-Epoch"), EpochChooser.Choose(42, DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentOutOfRangeException>(() => EpochChooser.Choose(0, DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentOutOfRangeException>(() => EpochChooser.FromClock(DateTimeOffset.UnixEpoch));
    }
}
