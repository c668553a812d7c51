using Xunit;
using KevyElect.Election;

namespace KevyElect.Tests.Election;

public class ElectionRulesTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(6, 4)]
    [InlineData(7, 4)]
    public void Quorum_is_half_plus_one(int n, int quorum) => Assert.Equal(quorum, ElectionRules.Quorum(n));

    [Fact]
    public void Quorum_of_an_empty_cluster_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ElectionRules.Quorum(0));

    [Fact]
    public void Highest_offset_wins_whatever_the_id() =>
        Assert.Equal("n3", ElectionRules.PickCandidate([("n1", 10), ("n3", 12), ("n2", 11)]));

    [Fact]
    public void Equal_offsets_pick_the_bytewise_lowest_id() =>
        Assert.Equal("B", ElectionRules.PickCandidate([("b", 7), ("B", 7), ("c", 7)]));

    [Fact]
    public void No_candidates_pick_nobody() => Assert.Null(ElectionRules.PickCandidate([]));

    [Fact]
    public void Ids_compare_on_utf8_bytes_not_utf16_units()
    {
        // U+FF61 is EF BD A1 in UTF-8, U+1F600 is F0 9F 98 80; in UTF-16 the surrogate D83D sorts first.
        Assert.True(string.CompareOrdinal("\uFF61", "\U0001F600") > 0);
        Assert.Equal(-1, ElectionRules.CompareIds("\uFF61", "\U0001F600"));
        Assert.Equal(-1, ElectionRules.CompareIds("n1", "n10"));
        Assert.Equal(1, ElectionRules.CompareIds("n2", "n10"));
        Assert.Equal(0, ElectionRules.CompareIds("same", "same"));
    }

    [Fact]
    public void Outranks_prefers_offset_then_lower_id()
    {
        Assert.True(ElectionRules.Outranks("z", 2, "a", 1));
        Assert.True(ElectionRules.Outranks("a", 1, "b", 1));
        Assert.False(ElectionRules.Outranks("b", 1, "a", 1));
        Assert.False(ElectionRules.Outranks("a", 1, "a", 1));
    }
}
