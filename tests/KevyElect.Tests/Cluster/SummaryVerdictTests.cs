using Xunit;
using KevyElect.Cluster;
using static KevyElect.Tests.Cluster.SummaryRows;

namespace KevyElect.Tests.Cluster;

public sealed class SummaryVerdictTests
{
    [Fact]
    public void Steady_cluster_is_healthy_with_one_primary_in_both_views()
    {
        var s = Summarize(Primary("n1"), Replica("n2", "n1"), Replica("n3", "n1"));
        Assert.Equal(ClusterVerdict.Healthy, s.GetVerdict());
        Assert.Empty(s.Reasons);
        Assert.Equal("n1", s.ElectorPrimary);
        Assert.Equal("n1", s.DataPrimary);
        Assert.Equal("n1", s.WritablePrimary);
        Assert.Equal(3, s.ReachableCount);
        Assert.Equal(2, s.Quorum);
        Assert.True(s.HasQuorum);
        Assert.False(s.SplitBrain);
        Assert.Empty(s.Disagreements);
        Assert.Equal(new[] { "n1", "n2", "n3" }, s.Members);
    }

    [Fact]
    public void Two_primaries_by_role_is_split_brain()
    {
        var s = Summarize(Primary("n1"), Primary("n2"), Replica("n3", "n1"));
        Assert.Equal(ClusterVerdict.SplitBrain, s.GetVerdict());
        Assert.True(s.SplitBrain);
        Assert.Equal(new[] { "n1", "n2" }, s.ElectorPrimaryIds);
        Assert.Null(s.ElectorPrimary);
        Assert.Null(s.WritablePrimary);
        Assert.Contains(s.Reasons, r => r.Contains("more than one primary by ROLE") && r.Contains("n1, n2"));
    }

    [Fact]
    public void Two_primaries_by_info_is_split_brain_even_with_one_elected()
    {
        var s = Summarize(Primary("n1"), Replica("n2", "n1").With(dataRole: NodeRole.Primary), Replica("n3", "n1"));
        Assert.Equal(ClusterVerdict.SplitBrain, s.GetVerdict());
        Assert.Equal("n1", s.ElectorPrimary);
        Assert.Equal(new[] { "n1", "n2" }, s.DataPrimaryIds);
        Assert.Contains(s.Reasons, r => r.Contains("INFO replication"));
    }

    [Fact]
    public void Fewer_reachable_than_quorum_is_no_quorum_even_with_a_primary()
    {
        var s = Summarize(Primary("n1"), Down("n2"), Down("n3"));
        Assert.Equal(ClusterVerdict.NoQuorum, s.GetVerdict());
        Assert.False(s.HasQuorum);
        Assert.Equal(1, s.ReachableCount);
        Assert.Null(s.WritablePrimary);
        Assert.Contains(s.Reasons, r => r.Contains("1 of 3 members reachable, the quorum is 2"));
    }

    [Fact]
    public void Cold_start_without_an_elected_primary_is_no_quorum_with_a_reason_saying_it_is_normal()
    {
        // Before the first election the configured primary says role:master in INFO and slave in ROLE.
        var n1 = Replica("n1", "n1").With(dataRole: NodeRole.Primary, clearFollows: true);
        var s = Summarize(n1, Replica("n2", "n1").With(clearFollows: true), Replica("n3", "n1").With(clearFollows: true));
        Assert.Equal(ClusterVerdict.NoQuorum, s.GetVerdict());
        Assert.Null(s.ElectorPrimary);
        Assert.Equal("n1", s.DataPrimary);
        Assert.Contains(s.Reasons, r => r.Contains("no reachable node is primary by ROLE") && r.Contains("cold start"));
        Assert.Contains("n1: ROLE says Replica, INFO says Primary", s.Disagreements);
    }

    [Fact]
    public void Electors_following_a_node_that_answers_as_a_replica_are_named_with_the_takeover_way_out()
    {
        // n2 was primary, crashed and was restarted before n1 and n3 saw it down: it boots as a replica.
        var s = Summarize(Replica("n1", "n2"), Replica("n2", "n2").With(clearFollows: true), Replica("n3", "n2"));
        Assert.Equal(ClusterVerdict.NoQuorum, s.GetVerdict());
        Assert.Contains(s.Reasons, r => r.Contains("n1, n3 still follow 'n2', which answers as a replica") && r.Contains("-Takeover"));
    }

    [Fact]
    public void A_cold_start_names_no_stalled_election()
    {
        var s = Summarize(Replica("n1", "n1").With(clearFollows: true), Replica("n2", "n1").With(clearFollows: true), Replica("n3", "n1").With(clearFollows: true));
        Assert.DoesNotContain(s.Reasons, r => r.Contains("still follow"));
    }

    [Fact]
    public void Data_plane_primary_other_than_the_elected_one_is_inconsistent_and_writes_follow_the_data_plane()
    {
        // A bare FAILOVER: n3's data plane writes, every elector still names n1.
        var n1 = Primary("n1").With(dataRole: NodeRole.Replica, dataFollows: "n3");
        var n3 = new PeerStatus { NodeId = "n3", DataReachable = true, ElectReachable = true, ElectRoleValue = NodeRole.Replica, DataRoleValue = NodeRole.Primary, FollowsNodeId = "n1", FollowsAddress = "127.0.0.1:17204", ObservedAt = T0 };
        var s = Summarize(n1, Replica("n2", "n1"), n3);
        Assert.Equal(ClusterVerdict.Inconsistent, s.GetVerdict());
        Assert.Equal("n1", s.ElectorPrimary);
        Assert.Equal("n3", s.DataPrimary);
        Assert.Equal("n3", s.WritablePrimary);
        Assert.Contains(s.Reasons, r => r.Contains("the data plane's primary is n3 but the electors elected n1"));
        Assert.Contains("the electors' primary is n1, the data plane's is n3", s.Disagreements);
    }

    [Fact]
    public void An_elected_primary_answering_loading_is_degraded_not_no_quorum()
    {
        // After a bare FAILOVER to n3 the old primary n1 resyncs from n3: ROLE answers -LOADING, INFO says slave.
        var n1 = new PeerStatus { NodeId = "n1", DataReachable = true, ElectReachable = true, IsLoading = true, DataRoleValue = NodeRole.Replica, DataFollowsNodeId = "n3", ObservedAt = T0 };
        var n3 = Replica("n3", "n1").With(dataRole: NodeRole.Primary, dataFollows: "n3");
        var s = Summarize(n1, Replica("n2", "n1", dataFollows: "n3"), n3);
        Assert.Equal(ClusterVerdict.Degraded, s.GetVerdict());
        Assert.True(s.HasQuorum);
        Assert.Null(s.ElectorPrimary);
        Assert.Contains(s.Reasons, r => r.Contains("n1 answers -LOADING to ROLE") && r.Contains("every reachable replica follows it"));
    }

    [Fact]
    public void A_loading_node_nobody_follows_leaves_no_quorum_and_is_named()
    {
        var loading = new PeerStatus { NodeId = "n2", DataReachable = true, ElectReachable = true, IsLoading = true, DataRoleValue = NodeRole.Replica, ObservedAt = T0 };
        var s = Summarize(Replica("n1", "n3"), loading, Replica("n3", "n1"));
        Assert.Equal(ClusterVerdict.NoQuorum, s.GetVerdict());
        Assert.Contains(s.Reasons, r => r.Contains("n2 answers -LOADING to ROLE, so whether it is primary is not known yet"));
        Assert.Contains(s.Reasons, r => r.Contains("no reachable node is primary by ROLE"));
    }

    [Fact]
    public void A_replica_replicating_from_another_live_replica_is_an_inconsistent_chain()
    {
        var s = Summarize(Primary("n1"), Replica("n2", "n1"), Replica("n3", "n1", dataFollows: "n2"));
        Assert.Equal(ClusterVerdict.Inconsistent, s.GetVerdict());
        Assert.Contains(s.Reasons, r => r.Contains("n3 replicates from n2") && r.Contains("chain"));
        Assert.Contains("n3: ROLE follows n1, INFO replicates from n2", s.Disagreements);
    }

    [Fact]
    public void A_replica_whose_elector_follows_another_node_is_inconsistent()
    {
        var s = Summarize(Primary("n1"), Replica("n2", "n3", dataFollows: "n1"), Replica("n3", "n1"));
        Assert.Equal(ClusterVerdict.Inconsistent, s.GetVerdict());
        Assert.Contains(s.Reasons, r => r.Contains("n2 follows n3 by ROLE"));
    }

    [Fact]
    public void Fresh_crash_election_with_info_still_slave_is_degraded_not_inconsistent()
    {
        // n1 crashed; n2 won; its INFO still says slave of the dead n1, n3 re-pointed its elector already.
        var n2 = Primary("n2").With(dataRole: NodeRole.Replica, dataFollows: "n1");
        var s = Summarize(Down("n1"), n2, Replica("n3", "n2", dataFollows: "n1"));
        Assert.Equal(ClusterVerdict.Degraded, s.GetVerdict());
        Assert.Equal("n2", s.ElectorPrimary);
        Assert.Null(s.DataPrimary);
        Assert.Equal("n2", s.WritablePrimary);
        Assert.Contains(s.Reasons, r => r.Contains("n2 is the elected primary but its INFO still says role:slave"));
        Assert.Contains(s.Reasons, r => r.Contains("n3 still replicates from the unreachable n1"));
        Assert.Contains(s.Reasons, r => r.Contains("connection refused"));
    }

    [Fact]
    public void An_unreachable_member_with_quorum_holding_is_degraded()
    {
        var s = Summarize(Primary("n1"), Replica("n2", "n1"), Down("n3"));
        Assert.Equal(ClusterVerdict.Degraded, s.GetVerdict());
        Assert.Equal("n1", s.WritablePrimary);
        Assert.Equal(new[] { "connection refused: n3 at 127.0.0.1:1" }, s.Reasons);
    }

    [Fact]
    public void Lag_beyond_the_threshold_and_a_down_link_are_degraded()
    {
        var table = Table(3);
        var rows = new[] { Primary("n1"), Replica("n2", "n1", lag: 50), Replica("n3", "n1", linkUp: false) };
        var lenient = ClusterSummary.From(table, rows, 100);
        Assert.Equal(ClusterVerdict.Degraded, lenient.GetVerdict());
        Assert.Equal(new[] { "n3's replication link is down" }, lenient.Reasons);
        var strict = ClusterSummary.From(table, rows, 10);
        Assert.Contains("n2 lags 50 frames (more than 10)", strict.Reasons);
    }

    [Fact]
    public void Missing_rows_count_as_unreachable_and_foreign_rows_are_ignored()
    {
        var table = Table(3);
        var s = ClusterSummary.From(table, new[] { Primary("n1"), Replica("n2", "n1"), Primary("zz") });
        Assert.Equal(ClusterVerdict.Degraded, s.GetVerdict());
        Assert.Equal(2, s.ReachableCount);
        Assert.Contains("n3 was not probed", s.Reasons);
        Assert.Equal(new[] { "n1" }, s.ElectorPrimaryIds);
    }

    [Fact]
    public void Peer_table_lint_warnings_are_carried()
    {
        var s = Summarize(Primary("n1"), Replica("n2", "n1"));
        Assert.Single(s.Warnings);
        Assert.Contains("no fault tolerance", s.Warnings[0]);
        Assert.Equal(2, s.Quorum);
    }

    [Fact]
    public void Bad_arguments_are_refused_by_name()
    {
        Assert.Throws<ArgumentNullException>(() => ClusterSummary.From(null!, Array.Empty<PeerStatus>()));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ClusterSummary.From(Table(), Array.Empty<PeerStatus>(), -1));
        Assert.Equal("maxLagFrames", e.ParamName);
    }
}
