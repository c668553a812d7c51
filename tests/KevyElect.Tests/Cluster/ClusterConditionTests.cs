using Xunit;
using KevyElect.Cluster;
using static KevyElect.Tests.Cluster.SummaryRows;

namespace KevyElect.Tests.Cluster;

/// <summary>ClusterCondition: which summaries meet a wait's condition, and the reasons the others do not.</summary>
public sealed class ClusterConditionTests
{
    private static ClusterSummary Steady(string primary = "n1") =>
        Summarize(new[] { "n1", "n2", "n3" }.Select(id => id == primary ? Primary(id) : Replica(id, primary)).ToArray());

    [Fact]
    public void Healthy_is_met_by_a_healthy_summary_only()
    {
        Assert.True(ClusterCondition.Healthy.IsMetBy(Steady()));
        Assert.Empty(ClusterCondition.Healthy.WhyNot(Steady()));

        var degraded = Summarize(Primary("n1"), Replica("n2", "n1"), Down("n3"));
        Assert.False(ClusterCondition.Healthy.IsMetBy(degraded));
        string why = Assert.Single(ClusterCondition.Healthy.WhyNot(degraded));
        Assert.StartsWith("the verdict is Degraded, not Healthy: ", why);
        Assert.Contains("connection refused: n3 at 127.0.0.1:1", why); // the summary's own reason
    }

    [Fact]
    public void Several_verdicts_are_alternatives()
    {
        var condition = new ClusterCondition(new[] { ClusterVerdict.Healthy, ClusterVerdict.Degraded });
        Assert.True(condition.IsMetBy(Steady()));
        Assert.True(condition.IsMetBy(Summarize(Primary("n1"), Replica("n2", "n1"), Down("n3"))));
        var split = Summarize(Primary("n1"), Primary("n2"), Replica("n3", "n1"));
        Assert.StartsWith("the verdict is SplitBrain, not Healthy or Degraded: more than one primary by ROLE", Assert.Single(condition.WhyNot(split)));
        Assert.Equal("verdict Healthy or Degraded", condition.ToString());
    }

    [Fact]
    public void A_writable_primary_must_be_that_node()
    {
        var condition = new ClusterCondition(writablePrimary: "n2");
        Assert.True(condition.IsMetBy(Steady("n2")));
        Assert.Equal(new[] { "the writable primary is n1, not n2" }, condition.WhyNot(Steady("n1")));
        var noPrimary = Summarize(Down("n1"), Replica("n2", "n1"), Replica("n3", "n1"));
        Assert.Null(noPrimary.WritablePrimary);
        Assert.Equal(new[] { "no node is the writable primary, not n2 either" }, condition.WhyNot(noPrimary));
    }

    [Fact]
    public void Every_unmet_part_gets_its_own_line_in_order()
    {
        var condition = new ClusterCondition(new[] { ClusterVerdict.Healthy }, "n2", caughtUp: true);
        var s = Summarize(Primary("n1"), Replica("n2", "n1", lag: 7), Down("n3"));
        var why = condition.WhyNot(s);
        Assert.Equal(4, why.Count);
        Assert.StartsWith("the verdict is Degraded, not Healthy: ", why[0]);
        Assert.Equal("the writable primary is n1, not n2", why[1]);
        Assert.Equal("n2 is not caught up: it lags 7 frames", why[2]);
        Assert.Equal("n3 is not caught up: its data plane does not answer", why[3]);
        Assert.Equal("verdict Healthy, n2 writable, every replica caught up", condition.ToString());
    }

    [Fact]
    public void Caught_up_needs_every_replica_on_the_writable_primary_with_its_link_up_and_no_lag()
    {
        var caughtUp = new ClusterCondition(caughtUp: true);
        Assert.True(caughtUp.IsMetBy(Steady()));
        Assert.Equal(new[] { "n3 is not caught up: its replication link is down" },
            caughtUp.WhyNot(Summarize(Primary("n1"), Replica("n2", "n1"), Replica("n3", "n1", linkUp: false))));
        Assert.Equal(new[] { "n2 is not caught up: it does not replicate from n1 but from n3" },
            caughtUp.WhyNot(Summarize(Primary("n1"), Replica("n2", "n1", dataFollows: "n3"), Replica("n3", "n1"))));
        Assert.Equal(new[] { "no writable primary for the replicas to catch up with" },
            caughtUp.WhyNot(Summarize(Primary("n1"), Primary("n2"), Replica("n3", "n1"))));
        // A lag the threshold of the verdict forgives (Healthy up to 1000 frames) is still not caught up.
        var lagging = Summarize(Primary("n1"), Replica("n2", "n1", lag: 3), Replica("n3", "n1"));
        Assert.Equal(ClusterVerdict.Healthy, lagging.GetVerdict());
        Assert.Equal(new[] { "n2 is not caught up: it lags 3 frames" }, caughtUp.WhyNot(lagging));
    }

    [Fact]
    public void An_empty_condition_holds_for_any_state()
    {
        var any = new ClusterCondition();
        Assert.True(any.IsEmpty);
        Assert.True(any.IsMetBy(Summarize(Down("n1"), Down("n2"), Down("n3"))));
        Assert.Equal("any state", any.ToString());
    }

    [Fact]
    public void A_writable_primary_outside_the_table_is_refused_naming_the_members()
    {
        var e = Assert.Throws<ArgumentException>(() => new ClusterCondition(writablePrimary: "n9").Validate(Table(3)));
        Assert.Contains("'n9' is not a member of the cluster (n1, n2, n3)", e.Message);
        new ClusterCondition(writablePrimary: "n3").Validate(Table(3));
    }

    [Fact]
    public void A_summary_names_its_cluster_so_it_pipes_on()
    {
        var s = Steady();
        Assert.Equal(Table(3).ToString(), s.Peers);
        Assert.Equal(3, s.GetPeerTable().Count);
    }
}
