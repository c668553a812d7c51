using KevyElect.Election;
using KevyElect.Protocol;
using Xunit;
using static KevyElect.Tests.Election.ElectorTestKit;

namespace KevyElect.Tests.Election;

public class ElectorInboundTests
{
    [Fact]
    public void An_offer_is_accepted_persisted_and_answered_to_the_candidate()
    {
        var persist = new InMemoryElectPersist();
        var e = Make("n2", persist: persist);
        var outbox = e.OnMessage(new OfferMessage(2, "n1", 0), 10);
        var reply = Assert.Single(outbox);
        Assert.Equal(new Outbound("n1", new AcceptMessage(2, "n2")), reply);
        Assert.Equal(new ElectMeta(2, "n1"), persist.Load());
        Assert.Equal((2UL, 2UL, "n1"), (e.State.Epoch, e.State.LastAcceptEpoch, e.State.VotedFor));
    }

    [Fact]
    public void One_accept_per_epoch()
    {
        var e = Make("n3");
        Assert.Single(e.OnMessage(new OfferMessage(2, "n1", 0), 10));
        Assert.Empty(e.OnMessage(new OfferMessage(2, "n2", 0), 20));
        Assert.Empty(e.OnMessage(new OfferMessage(2, "n1", 0), 30));
        Assert.Single(e.OnMessage(new OfferMessage(3, "n2", 0), 40));
    }

    [Fact]
    public void A_stale_offer_is_ignored()
    {
        var persist = new InMemoryElectPersist(new ElectMeta(5, null));
        var e = Make("n2", persist: persist);
        Assert.Empty(e.OnMessage(new OfferMessage(5, "n1", 99), 0));
        Assert.Empty(e.OnMessage(new OfferMessage(4, "n1", 99), 0));
        Assert.Equal(0, persist.SaveCount);
        Assert.Equal(5UL, e.State.Epoch);
    }

    [Fact]
    public void An_offer_from_a_candidate_with_less_data_is_refused()
    {
        var e = Make("n2");
        e.SetReplOffset(10);
        Assert.Empty(e.OnMessage(new OfferMessage(2, "n1", 9), 0));
        Assert.Single(e.OnMessage(new OfferMessage(2, "n1", 11), 0));
    }

    [Fact]
    public void On_equal_offsets_a_voter_with_a_lower_id_refuses()
    {
        Assert.Empty(Make("n2").OnMessage(new OfferMessage(2, "n3", 0), 0));
        Assert.Single(Make("n2").OnMessage(new OfferMessage(2, "n1", 0), 0));
    }

    [Fact]
    public void A_restarted_voter_keeps_its_persisted_vote_and_refuses_a_second_one_in_that_epoch()
    {
        var persist = new InMemoryElectPersist();
        Assert.Single(Make("n3", persist: persist).OnMessage(new OfferMessage(4, "n2", 0), 0));
        var restarted = Make("n3", persist: persist);
        Assert.Equal((4UL, "n2", 4UL), (restarted.State.Epoch, restarted.State.VotedFor, restarted.State.LastAcceptEpoch));
        Assert.Empty(restarted.OnMessage(new OfferMessage(4, "n1", 0), 0));
        Assert.Single(restarted.OnMessage(new OfferMessage(5, "n1", 0), 0));
    }

    [Fact]
    public void Voting_for_another_epoch_ends_my_own_candidacy()
    {
        var e = Make("n2");
        e.Tick(0);
        e.Tick(5000); // candidate in epoch 2
        Assert.Single(e.OnMessage(new OfferMessage(3, "n1", 0), 5010));
        Assert.Equal((ElectRole.Replica, 3UL), (e.State.Role, e.State.Epoch));
        Assert.Empty(e.State.Votes);
        e.OnMessage(new AcceptMessage(3, "n3"), 5020);
        e.Tick(5030);
        Assert.NotEqual(ElectRole.Primary, e.State.Role);
    }

    [Fact]
    public void A_primary_that_votes_for_a_newer_epoch_steps_down()
    {
        var e = Make("n2");
        e.OnMessage(new AnnounceMessage(3, "n2", "x:1"), 0);
        Assert.Equal(ElectRole.Primary, e.State.Role);
        Assert.Single(e.OnMessage(new OfferMessage(4, "n1", 0), 10));
        Assert.Equal((ElectRole.Replica, null), (e.State.Role, e.State.KnownPrimaryId));
    }

    [Fact]
    public void An_announce_is_persisted_and_followed()
    {
        var persist = new InMemoryElectPersist();
        var e = Make("n2", persist: persist);
        Assert.Empty(e.OnMessage(new AnnounceMessage(3, "n1", "n1:6004"), 0));
        Assert.Equal(new ElectMeta(3, "n1"), persist.Load());
        Assert.Equal((ElectRole.Replica, 3UL, "n1"), (e.State.Role, e.State.Epoch, e.State.KnownPrimaryId));
    }

    [Fact]
    public void A_stale_or_repeated_announce_changes_nothing()
    {
        var persist = new InMemoryElectPersist();
        var e = Make("n2", persist: persist);
        e.OnMessage(new AnnounceMessage(3, "n1", "a"), 0);
        e.OnMessage(new AnnounceMessage(3, "n1", "a"), 1);
        e.OnMessage(new AnnounceMessage(2, "n3", "a"), 2);
        Assert.Equal(1, persist.SaveCount);
        Assert.Equal("n1", e.State.KnownPrimaryId);
        e.OnMessage(new AnnounceMessage(3, "n3", "a"), 3); // same epoch, other primary: adopted
        Assert.Equal("n3", e.State.KnownPrimaryId);
    }

    [Fact]
    public void An_announce_naming_me_makes_me_primary_and_a_newer_one_demotes_me()
    {
        var e = Make("n2");
        e.OnMessage(new AnnounceMessage(3, "n2", "a"), 0);
        Assert.Equal((ElectRole.Primary, "n2"), (e.State.Role, e.State.KnownPrimaryId));
        e.OnMessage(new AnnounceMessage(4, "n3", "b"), 1);
        Assert.Equal((ElectRole.Replica, "n3", 4UL), (e.State.Role, e.State.KnownPrimaryId, e.State.Epoch));
    }

    [Fact]
    public void A_heartbeat_is_recorded_as_a_peer_view()
    {
        var e = Make("n2");
        e.OnMessage(Hb("n3", 7, ElectRole.Candidate, 42), 123);
        Assert.Equal(new PeerView(123, 7, ElectRole.Candidate, 42), e.State.PeerViews["n3"]);
        Assert.Equal(1UL, e.State.Epoch); // only a primary's HB moves my epoch
    }

    [Fact]
    public void A_primary_heartbeat_at_a_newer_epoch_is_followed_after_persisting_it()
    {
        var persist = new InMemoryElectPersist();
        var e = Make("n2", persist: persist);
        e.OnMessage(new AnnounceMessage(2, "n2", "a"), 0);
        e.OnMessage(Hb("n3", 5, ElectRole.Primary), 10);
        Assert.Equal(new ElectMeta(5, null), persist.Load());
        Assert.Equal((ElectRole.Replica, 5UL, "n3"), (e.State.Role, e.State.Epoch, e.State.KnownPrimaryId));
    }

    [Fact]
    public void A_primary_heartbeat_at_my_epoch_is_followed_only_by_a_leaderless_replica()
    {
        var persist = new InMemoryElectPersist(new ElectMeta(3, null));
        var e = Make("n2", persist: persist);
        e.OnMessage(Hb("n1", 3, ElectRole.Primary), 0);
        Assert.Equal("n1", e.State.KnownPrimaryId);
        Assert.Equal(0, persist.SaveCount);
        e.OnMessage(Hb("n3", 3, ElectRole.Primary), 1); // I already follow n1
        Assert.Equal("n1", e.State.KnownPrimaryId);
    }

    [Fact]
    public void A_voter_that_missed_the_announce_follows_the_winner_of_its_epoch_on_its_heartbeat()
    {
        var e = Make("n4", peers: new[] { "n1", "n2", "n3", "n4", "n5" });
        e.OnMessage(Hb("n1", 3, ElectRole.Primary), 0);      // follows n1 in epoch 3
        e.OnMessage(new OfferMessage(4, "n3", 0), 10);       // votes n3 in epoch 4; the ANNOUNCE never comes
        Assert.Equal((4UL, "n1"), (e.State.Epoch, e.State.KnownPrimaryId));
        e.OnMessage(Hb("n3", 4, ElectRole.Primary), 20);     // n1's term is over: follow the primary of epoch 4
        Assert.Equal("n3", e.State.KnownPrimaryId);
        e.OnMessage(Hb("n2", 4, ElectRole.Primary), 30);     // but only one primary per epoch
        Assert.Equal("n3", e.State.KnownPrimaryId);
    }

    [Fact]
    public void A_candidate_steps_down_for_a_primary_heartbeat_of_its_own_epoch_only_if_newer()
    {
        var e = Make("n1");
        e.Tick(0);
        e.Tick(5000); // candidate, epoch 2
        e.OnMessage(Hb("n3", 2, ElectRole.Primary), 5010);
        Assert.Equal(ElectRole.Candidate, e.State.Role);
        e.OnMessage(Hb("n3", 3, ElectRole.Primary), 5020);
        Assert.Equal((ElectRole.Replica, "n3"), (e.State.Role, e.State.KnownPrimaryId));
        Assert.Empty(e.State.Votes);
    }

    [Fact]
    public void A_heartbeat_under_my_own_id_is_ignored()
    {
        var e = Make("n2");
        e.OnMessage(Hb("n2", 50, ElectRole.Primary), 0);
        Assert.Equal((1UL, null), (e.State.Epoch, e.State.KnownPrimaryId));
        Assert.Empty(e.State.PeerViews);
    }

    [Fact]
    public void An_unknown_id_claiming_primary_at_a_high_epoch_demotes_a_primary_and_counts_for_the_lease()
    {
        var persist = new InMemoryElectPersist();
        var e = Make("n1", persist: persist);
        e.OnMessage(new AnnounceMessage(2, "n1", "a"), 0);
        e.OnMessage(Hb("ghost", 999, ElectRole.Primary), 100);
        Assert.Equal((ElectRole.Replica, 999UL, "ghost"), (e.State.Role, e.State.Epoch, e.State.KnownPrimaryId));
        Assert.Equal(new ElectMeta(999, null), persist.Load());
        Assert.True(e.HasQuorumVisibility(100)); // me + ghost = 2 of 3
        Assert.False(e.HasQuorumVisibility(5100));
    }
}
