using Xunit;
using KevyElect.Cluster;
using static KevyElect.Tests.Cluster.SummaryRows;

namespace KevyElect.Tests.Cluster;

public sealed class WatchDiffTests
{
    private readonly WatchState _state = new();
    private readonly PeerTable _table = Table(3);

    private IReadOnlyList<ClusterEvent> Poll(int ms, long? maxLag, params PeerStatus[] rows) =>
        WatchDiff.Compare(new ClusterSnapshot(_table, rows, T0.AddMilliseconds(ms)), _state, maxLag);

    private IReadOnlyList<ClusterEvent> Poll(int ms, params PeerStatus[] rows) => Poll(ms, null, rows);

    private static PeerStatus[] Steady(string primary = "n1") =>
        new[] { "n1", "n2", "n3" }.Select(id => id == primary ? Primary(id) : Replica(id, primary)).ToArray();

    [Fact]
    public void A_healthy_baseline_and_an_unchanged_poll_report_nothing()
    {
        Assert.Empty(Poll(0, Steady()));
        Assert.True(_state.Initialized);
        Assert.Equal("n1", _state.WritablePrimary);
        Assert.Empty(Poll(500, Steady()));
    }

    [Fact]
    public void Conditions_present_at_the_baseline_are_reported_once_and_flagged()
    {
        var rows = new[] { Primary("n1"), Down("n2"), Down("n3") };
        var first = Poll(0, rows);
        Assert.Equal(new[] { ClusterEventKind.NodeDown, ClusterEventKind.NodeDown, ClusterEventKind.QuorumLost }, first.Select(e => e.GetKind()));
        Assert.All(first, e => Assert.True(e.Baseline));
        Assert.Equal("connection refused: n2 at 127.0.0.1:1", first[0].Message);
        Assert.Empty(Poll(500, rows));
    }

    [Fact]
    public void A_node_going_down_and_up_reports_each_transition_once()
    {
        Poll(0, Steady());
        var down = Poll(500, Primary("n1"), Replica("n2", "n1"), Down("n3"));
        var e = Assert.Single(down);
        Assert.Equal(ClusterEventKind.NodeDown, e.GetKind());
        Assert.Equal("n3", e.NodeId);
        Assert.Equal(("Up", "Down"), (e.Old, e.New));
        Assert.False(e.Baseline);
        Assert.Empty(Poll(1000, Primary("n1"), Replica("n2", "n1"), Down("n3")));
        var up = Assert.Single(Poll(1500, Steady()));
        Assert.Equal(ClusterEventKind.NodeUp, up.GetKind());
        Assert.Equal("n3", up.NodeId);
    }

    [Fact]
    public void Role_changes_are_reported_per_view()
    {
        Poll(0, Steady());
        var n1 = Primary("n1").With(dataRole: NodeRole.Replica, dataFollows: "n3");
        var n3 = Replica("n3", "n1").With(dataRole: NodeRole.Primary);
        var events = Poll(500, n1, Replica("n2", "n1"), n3);
        var roles = events.Where(e => e.GetKind() == ClusterEventKind.RoleChanged).ToList();
        Assert.Equal(2, roles.Count);
        Assert.All(roles, r => Assert.Equal("Data", r.View));
        Assert.Equal(("n1", "Primary", "Replica"), (roles[0].NodeId, roles[0].Old, roles[0].New));
        Assert.Equal(("n3", "Replica", "Primary"), (roles[1].NodeId, roles[1].Old, roles[1].New));
        // The bare failover also moves the writable primary and opens disagreements.
        var moved = Assert.Single(events, e => e.GetKind() == ClusterEventKind.PrimaryChanged);
        Assert.Equal(("n1", "n3", 0.0), (moved.Old, moved.New, moved.UnavailableMs));
        Assert.Contains(events, e => e.GetKind() == ClusterEventKind.ViewsDisagree && e.NodeId == "n1");
        Assert.Contains(events, e => e.GetKind() == ClusterEventKind.ViewsDisagree && e.NodeId == null && e.Message.Contains("data plane's is n3"));
    }

    [Fact]
    public void A_role_change_across_an_outage_is_compared_with_the_last_role_seen()
    {
        Poll(0, Steady());
        Poll(500, Down("n1"), Replica("n2", "n1"), Replica("n3", "n1"));
        var back = Poll(1000, Replica("n1", "n2"), Primary("n2"), Replica("n3", "n2"));
        Assert.Contains(back, e => e.GetKind() == ClusterEventKind.NodeUp && e.NodeId == "n1");
        Assert.Contains(back, e => e.GetKind() == ClusterEventKind.RoleChanged && e.NodeId == "n1" && e.View == "Election" && e.Old == "Primary" && e.New == "Replica");
        Assert.Contains(back, e => e.GetKind() == ClusterEventKind.RoleChanged && e.NodeId == "n2" && e.View == "Election" && e.New == "Primary");
    }

    [Fact]
    public void Crash_failover_measures_the_time_without_a_writable_primary_from_the_first_poll_without_one()
    {
        Poll(0, Steady());
        var crash = Poll(500, Down("n1"), Replica("n2", "n1"), Replica("n3", "n1"));
        Assert.DoesNotContain(crash, e => e.GetKind() == ClusterEventKind.PrimaryChanged);
        Assert.Equal(T0.AddMilliseconds(500), _state.NoWritablePrimarySince);
        Poll(1000, Down("n1"), Replica("n2", "n1"), Replica("n3", "n1"));
        var elected = Poll(5300, Down("n1"), Primary("n2"), Replica("n3", "n2"));
        var e = Assert.Single(elected, x => x.GetKind() == ClusterEventKind.PrimaryChanged);
        Assert.Equal("n1", e.Old);
        Assert.Equal("n2", e.New);
        Assert.Equal("n2", e.NodeId);
        Assert.Equal(4800, e.UnavailableMs);
        Assert.Contains("4800 ms without one", e.Message);
        Assert.Null(_state.NoWritablePrimarySince);
    }

    [Fact]
    public void A_cold_start_reports_the_first_primary_with_the_time_since_the_watch_began()
    {
        var cold = new[] { Replica("n1", "n1").With(clearFollows: true), Replica("n2", "n1").With(clearFollows: true), Replica("n3", "n1").With(clearFollows: true) };
        Assert.Empty(Poll(0, cold));
        var e = Assert.Single(Poll(5000, Steady()), x => x.GetKind() == ClusterEventKind.PrimaryChanged);
        Assert.Null(e.Old);
        Assert.Equal("n1", e.New);
        Assert.Equal(5000, e.UnavailableMs);
    }

    [Fact]
    public void Quorum_lost_and_restored_are_reported_on_the_transitions()
    {
        Poll(0, Steady());
        var lost = Poll(500, Primary("n1"), Down("n2"), Down("n3"));
        var q = Assert.Single(lost, e => e.GetKind() == ClusterEventKind.QuorumLost);
        Assert.Equal(("2", "1"), (q.Old, q.New));
        Assert.DoesNotContain(Poll(1000, Primary("n1"), Down("n2"), Down("n3")), e => e.GetKind() == ClusterEventKind.QuorumLost);
        var back = Poll(1500, Primary("n1"), Replica("n2", "n1"), Down("n3"));
        Assert.Contains(back, e => e.GetKind() == ClusterEventKind.QuorumRestored && e.New == "2");
        // Same primary before and after: no PrimaryChanged.
        Assert.DoesNotContain(back, e => e.GetKind() == ClusterEventKind.PrimaryChanged);
    }

    [Fact]
    public void Split_brain_is_reported_when_it_begins_and_again_only_after_it_ended()
    {
        Poll(0, Steady());
        var split = new[] { Primary("n1"), Primary("n2"), Replica("n3", "n1") };
        var e = Assert.Single(Poll(500, split), x => x.GetKind() == ClusterEventKind.SplitBrain);
        Assert.Equal("n1,n2", e.New);
        Assert.DoesNotContain(Poll(1000, split), x => x.GetKind() == ClusterEventKind.SplitBrain);
        Poll(1500, Steady());
        Assert.Contains(Poll(2000, split), x => x.GetKind() == ClusterEventKind.SplitBrain);
    }

    [Fact]
    public void Lag_is_watched_only_with_a_threshold_and_rearms_when_it_recovers()
    {
        var lagging = new[] { Primary("n1"), Replica("n2", "n1", lag: 500), Replica("n3", "n1") };
        var unwatched = new WatchState();
        Assert.Empty(WatchDiff.Compare(new ClusterSnapshot(_table, lagging, T0), unwatched, null));

        Poll(0, 100, Steady());
        var e = Assert.Single(Poll(500, 100, lagging));
        Assert.Equal(ClusterEventKind.LagExceeded, e.GetKind());
        Assert.Equal(("n2", "100", "500"), (e.NodeId, e.Old, e.New));
        Assert.Empty(Poll(1000, 100, lagging));
        Assert.Empty(Poll(1500, 100, Steady()));
        Assert.Single(Poll(2000, 100, lagging));
    }

    [Fact]
    public void Each_new_disagreement_is_reported_once()
    {
        var chain = new[] { Primary("n1"), Replica("n2", "n1"), Replica("n3", "n1", dataFollows: "n2") };
        var first = Poll(0, chain);
        var e = Assert.Single(first);
        Assert.Equal(ClusterEventKind.ViewsDisagree, e.GetKind());
        Assert.True(e.Baseline);
        Assert.Equal("n3", e.NodeId);
        Assert.Equal("n3: ROLE follows n1, INFO replicates from n2", e.Message);
        Assert.Empty(Poll(500, chain));
        Assert.Empty(Poll(1000, Steady()));
        Assert.Single(Poll(1500, chain));
    }
}
