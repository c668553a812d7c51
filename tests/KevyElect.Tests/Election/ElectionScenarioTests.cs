using KevyElect.Election;
using KevyElect.Protocol;
using KevyElect.Tests.Election.Sim;
using Xunit;

namespace KevyElect.Tests.Election;

/// <summary>Whole-cluster behaviour on the simulator, reference timings, 10 ms steps, 5 ms links.</summary>
public class ElectionScenarioTests
{
    private const long DownAfter = 5000;
    // One election round on 5 ms links and 10 ms ticks: OFFER, ACCEPTs and the winning tick fit in 100 ms.
    private const long Round = 100;

    private static SimCluster ElectedCluster(int n, int seed = 1)
    {
        var c = new SimCluster(n, seed: seed);
        Assert.True(c.RunUntil(() => c.SolePrimary is not null, DownAfter + Round));
        c.Run(500); // everyone has the ANNOUNCE and a few HBs
        return c;
    }

    private static IEnumerable<OfferMessage> OffersAfter(SimCluster c, long fromMs) =>
        c.ControlLog.Where(x => x.AtMs > fromMs).Select(x => x.Message).OfType<OfferMessage>();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Cold_start_elects_exactly_one_primary_the_lowest_id_after_one_grace_window(int n)
    {
        var c = new SimCluster(n);
        c.Run(DownAfter - 20);
        Assert.Empty(c.Primaries);
        Assert.True(c.RunUntil(() => c.SolePrimary is not null, Round));
        c.Run(1000);
        Assert.Equal(new[] { "n1" }, c.Primaries);
        Assert.All(c.Ids, id => Assert.Equal(("n1", 2UL), (c.S(id).KnownPrimaryId, c.S(id).Epoch)));
        Assert.True(c.E("n1").IsWritablePrimary(c.NowMs));
        Assert.Null(c.SplitBrainEpoch);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Exactly_a_quorum_of_live_nodes_elects_and_one_fewer_never_does(int n)
    {
        int quorum = ElectionRules.Quorum(n);
        var enough = new SimCluster(n);
        foreach (string id in enough.Ids.Skip(quorum)) enough.Kill(id);
        Assert.True(enough.RunUntil(() => enough.SolePrimary is not null, DownAfter + Round));

        var short_ = new SimCluster(n);
        foreach (string id in short_.Ids.Skip(quorum - 1)) short_.Kill(id);
        short_.Run(30_000);
        Assert.Empty(short_.Primaries);
        Assert.NotEmpty(OffersAfter(short_, 0)); // it tried
    }

    [Fact]
    public void No_election_while_the_primary_is_alive()
    {
        var c = ElectedCluster(5);
        long since = c.NowMs;
        c.Run(60_000);
        Assert.Empty(OffersAfter(c, since));
        Assert.Equal(new[] { "n1" }, c.Primaries);
        Assert.All(c.Ids, id => Assert.Equal(2UL, c.S(id).Epoch));
    }

    [Fact]
    public void After_a_crash_the_highest_offset_wins_within_down_after_plus_a_round()
    {
        var c = ElectedCluster(5);
        c.SetOffset("n1", 100);
        c.SetOffset("n2", 90);
        c.SetOffset("n3", 95);
        c.SetOffset("n4", 99);
        c.SetOffset("n5", 99);
        c.Run(500);
        long killedAt = c.NowMs;
        c.Kill("n1");
        Assert.True(c.RunUntil(() => c.SolePrimary is not null, DownAfter + Round));
        Assert.Equal("n4", c.SolePrimary);
        Assert.InRange(c.NowMs - killedAt, DownAfter - 250, DownAfter + Round);
        c.Run(500);
        Assert.All(new[] { "n2", "n3", "n5" }, id => Assert.Equal("n4", c.S(id).KnownPrimaryId));
    }

    [Fact]
    public void After_a_crash_with_equal_offsets_the_lowest_surviving_id_wins()
    {
        var c = ElectedCluster(3);
        c.Kill("n1");
        Assert.True(c.RunUntil(() => c.SolePrimary is not null, DownAfter + Round));
        Assert.Equal("n2", c.SolePrimary);
        Assert.Equal(3UL, c.S("n2").Epoch);
    }

    [Fact]
    public void A_restarted_old_primary_rejoins_as_a_replica_of_the_new_one()
    {
        var c = ElectedCluster(3);
        c.Kill("n1");
        Assert.True(c.RunUntil(() => c.SolePrimary == "n2", DownAfter + Round));
        c.Restart("n1");
        c.Run(1000);
        Assert.Equal((ElectRole.Replica, "n2", 3UL), (c.S("n1").Role, c.S("n1").KnownPrimaryId, c.S("n1").Epoch));
        c.Run(20_000);
        Assert.Equal(new[] { "n2" }, c.Primaries);
    }

    [Fact]
    public void A_partitioned_old_primary_loses_its_lease_and_demotes_on_heal()
    {
        var c = ElectedCluster(5);
        c.Partition(["n1", "n2"], ["n3", "n4", "n5"]);
        Assert.True(c.RunUntil(() => c.Primaries.Contains("n3"), DownAfter + Round));
        Assert.False(c.E("n1").IsWritablePrimary(c.NowMs));
        Assert.True(c.E("n3").IsWritablePrimary(c.NowMs));
        c.Run(30_000);
        Assert.DoesNotContain("n2", c.Primaries); // the minority never promotes
        c.Heal();
        c.Run(1000);
        Assert.Equal(new[] { "n3" }, c.Primaries);
        Assert.All(c.Ids, id => Assert.Equal("n3", c.S(id).KnownPrimaryId));
        Assert.Null(c.SplitBrainEpoch);
    }

    [Fact]
    public void A_minority_without_the_primary_never_promotes()
    {
        var c = ElectedCluster(5);
        c.Partition(["n1", "n2", "n3"], ["n4", "n5"]);
        c.Run(60_000);
        Assert.Equal(new[] { "n1" }, c.Primaries);
        Assert.True(c.E("n1").IsWritablePrimary(c.NowMs));
        Assert.Contains(OffersAfter(c, 0), o => o.CandidateId == "n4");
        Assert.Equal(2UL, c.S("n1").Epoch);
    }

    [Fact]
    public void Two_nodes_need_both()
    {
        var alone = new SimCluster(2);
        alone.Kill("n2");
        alone.Run(30_000);
        Assert.Empty(alone.Primaries);

        var c = ElectedCluster(2);
        c.Kill("n1");
        c.Run(30_000);
        Assert.Empty(c.Primaries);
        ulong lonelyEpoch = c.S("n2").Epoch;
        Assert.True(lonelyEpoch > 4); // n2 kept offering alone
        c.Restart("n1");
        // n1 now outranks n2 but its epoch fell behind: n2 refuses its stale OFFERs, so n1 climbs
        // one epoch per failed round (at most 3 s + 5 s each) until it passes n2's.
        long rounds = (long)(lonelyEpoch - c.S("n1").Epoch) + 1;
        Assert.True(c.RunUntil(() => c.SolePrimary is not null, DownAfter + rounds * (3000 + 5000) + Round));
        Assert.Equal("n1", c.SolePrimary);
        Assert.Equal(lonelyEpoch + 1, c.S("n1").Epoch);
    }

    [Fact]
    public void A_candidate_that_cannot_win_backs_off_between_offers()
    {
        var c = ElectedCluster(3);
        c.Kill("n1");
        c.Kill("n3");
        c.Run(40_000);
        Assert.Empty(c.Primaries);
        var offers = c.ControlLog.Where(x => x.Message is OfferMessage).Select(x => x.AtMs).ToList();
        Assert.True(offers.Count >= 3);
        foreach (var (a, b) in offers.Zip(offers.Skip(1)))
            Assert.InRange(b - a, 3000 + 1000, 3000 + 1000 + 4000);
    }

    [Fact]
    public void A_restarted_voter_does_not_vote_twice_in_an_epoch()
    {
        var c = ElectedCluster(3);
        c.Kill("n1");
        Assert.True(c.RunUntil(() => c.SolePrimary == "n2", DownAfter + Round));
        c.Kill("n3");
        c.Restart("n3");
        var s = c.S("n3");
        Assert.Equal((3UL, "n2", 3UL), (s.Epoch, s.VotedFor, s.LastAcceptEpoch));
        Assert.Empty(c.E("n3").OnMessage(new OfferMessage(3, "n1", 1000), c.NowMs));
    }

    [Fact]
    public void An_unknown_id_claiming_primary_demotes_the_primary_and_the_cluster_recovers_after_down_after()
    {
        var c = ElectedCluster(3);
        c.Inject("n1", new HbMessage(999, "ghost", ElectRole.Primary, 0));
        var s = c.S("n1");
        Assert.Equal((ElectRole.Replica, 999UL, "ghost"), (s.Role, s.Epoch, s.KnownPrimaryId));
        Assert.Equal(new ElectMeta(999, null), c.Node("n1").Persist.Load());
        Assert.Empty(c.Primaries);
        long at = c.NowMs;
        Assert.True(c.RunUntil(() => c.SolePrimary is not null, DownAfter + Round));
        Assert.InRange(c.NowMs - at, DownAfter, DownAfter + Round);
        Assert.Equal("n1", c.SolePrimary);
        c.Run(500);
        Assert.All(c.Ids, id => Assert.Equal((1000UL, "n1"), (c.S(id).Epoch, c.S(id).KnownPrimaryId)));
    }
}
