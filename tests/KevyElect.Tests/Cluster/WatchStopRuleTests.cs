using Xunit;
using KevyElect.Cluster;

namespace KevyElect.Tests.Cluster;

public sealed class WatchStopRuleTests
{
    private static ClusterEvent Event(ClusterEventKind kind) => new() { KindValue = kind, Message = kind.ToString() };

    [Fact]
    public void Without_count_or_until_the_watch_never_ends_by_itself()
    {
        var rule = new WatchStopRule(null, null, includeSnapshot: false);
        foreach (ClusterEventKind kind in Enum.GetValues<ClusterEventKind>()) Assert.True(rule.Continue(Event(kind)));
    }

    [Fact]
    public void Count_counts_changes_not_the_started_snapshot_or_condition_events()
    {
        var rule = new WatchStopRule(2, null, includeSnapshot: false);
        Assert.True(rule.Continue(Event(ClusterEventKind.Started)));
        Assert.True(rule.Continue(Event(ClusterEventKind.ConditionMet)));
        Assert.True(rule.Continue(Event(ClusterEventKind.NodeDown)));
        Assert.Equal(1, rule.Changes);
        Assert.False(rule.Continue(Event(ClusterEventKind.RoleChanged)));
        Assert.Equal(2, rule.Changes);
    }

    [Fact]
    public void With_snapshots_count_counts_polls_each_ended_by_its_snapshot()
    {
        var rule = new WatchStopRule(2, null, includeSnapshot: true);
        Assert.True(rule.Continue(Event(ClusterEventKind.NodeDown)));
        Assert.True(rule.Continue(Event(ClusterEventKind.NodeUp)));
        Assert.True(rule.Continue(Event(ClusterEventKind.Snapshot)));
        Assert.False(rule.Continue(Event(ClusterEventKind.Snapshot)));
        Assert.Equal(2, rule.Changes);
    }

    [Fact]
    public void Until_ends_after_the_first_event_of_its_kind()
    {
        var rule = new WatchStopRule(null, ClusterEventKind.PrimaryChanged, includeSnapshot: false);
        Assert.True(rule.Continue(Event(ClusterEventKind.NodeDown)));
        Assert.True(rule.Continue(Event(ClusterEventKind.RoleChanged)));
        Assert.False(rule.Continue(Event(ClusterEventKind.PrimaryChanged)));
    }

    [Fact]
    public void A_count_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WatchStopRule(0, null, includeSnapshot: false));
}
