using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.DataPlane;

public sealed class LabCommandLogTests
{
    [Fact]
    public void Ring_drops_the_oldest_records_beyond_its_capacity()
    {
        var log = new LabCommandLog(3);
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 5; i++) log.Add(new LabCommandRecord(t0.AddSeconds(i), new[] { "set", "k" + i, "v" }));
        Assert.Equal(new[] { "k2", "k3", "k4" }, log.Snapshot().Select(r => r.Args[1]));
        Assert.Equal(3, log.Named("SET").Count);
        log.Clear();
        Assert.Empty(log.Snapshot());
    }

    [Fact]
    public void Capacity_below_one_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LabCommandLog(0));
        Assert.Contains("capacity", e.Message);
    }
}
