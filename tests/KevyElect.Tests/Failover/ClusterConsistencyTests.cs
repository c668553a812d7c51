using Xunit;
using KevyElect.Failover;

namespace KevyElect.Tests.Failover;

public class ClusterConsistencyTests
{
    private readonly Observations _c = Observations.ThreeNodes();

    [Fact]
    public void A_settled_cluster_has_no_mismatch() =>
        Assert.Empty(ClusterConsistency.Check(new[] { _c.Replica("n1", "n3", 5), _c.Replica("n2", "n3", 5), _c.Primary("n3", 5) }, "n3"));

    [Fact]
    public void A_bare_failover_leaves_ROLE_on_the_old_primary_and_a_chain()
    {
        // After FAILOVER alone: n1's elector is still master, n3's elector still names n1, n2 replicates from n1.
        var nodes = new[] { _c.Replica("n1", "n3", 5, roleMaster: true), _c.Replica("n2", "n1", 5), _c.DataMasterElectReplica("n3", "n1", 5) };
        var problems = ClusterConsistency.Check(nodes, "n3");
        Assert.Contains("n3: ROLE says slave of n1, expected master", problems);
        Assert.Contains("n1: ROLE says master, expected slave of n3", problems);
        Assert.Contains("n2: ROLE names n1 as primary, expected n3", problems);
        Assert.Contains("n2: INFO replicates from n1, expected n3", problems);
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Unreachable_nodes_are_skipped_but_an_unreachable_primary_is_a_mismatch()
    {
        Assert.Empty(ClusterConsistency.Check(new[] { _c.Down("n1"), _c.Replica("n2", "n3", 5), _c.Primary("n3", 5) }, "n3"));
        Assert.Equal(new[] { "n3: not reachable" }, ClusterConsistency.Check(new[] { _c.Replica("n2", "n3", 5), _c.Down("n3") }, "n3"));
    }

    [Fact]
    public void A_replica_with_its_link_down_is_a_mismatch() =>
        Assert.Equal(new[] { "n2: INFO link to n3 is down, expected up" },
            ClusterConsistency.Check(new[] { _c.Replica("n2", "n3", 5, link: "down"), _c.Primary("n3", 5) }, "n3"));
}
