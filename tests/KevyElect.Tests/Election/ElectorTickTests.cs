using KevyElect.Election;
using KevyElect.Protocol;
using Xunit;
using static KevyElect.Tests.Election.ElectorTestKit;

namespace KevyElect.Tests.Election;

public class ElectorTickTests
{
    [Fact]
    public void A_fresh_node_is_a_replica_at_epoch_1_with_no_known_primary()
    {
        var s = Make().State;
        Assert.Equal((ElectRole.Replica, 1UL, null, null, null), (s.Role, s.Epoch, s.KnownPrimaryId, s.VotedFor, s.LastAcceptEpoch));
    }

    [Fact]
    public void Bad_construction_is_refused_naming_the_problem()
    {
        Assert.Contains("not in the peer table", Assert.Throws<ArgumentException>(() => Make("n9")).Message);
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => Make(peers: ["n1", "n2", "n1"])).Message);
        Assert.Contains("DownAfterMs", Assert.Throws<ArgumentException>(() => Make(timings: new ElectionTimings { DownAfterMs = 0 })).Message);
    }

    [Fact]
    public void Heartbeats_go_to_every_other_peer_each_interval_carrying_my_state()
    {
        var e = Make("n2");
        e.SetReplOffset(77);
        var first = e.Tick(1000);
        Assert.Equal(new[] { "n1", "n3" }, first.Select(o => o.To));
        Assert.All(first, o => Assert.Equal(new HbMessage(1, "n2", ElectRole.Replica, 77), o.Message));
        Assert.Empty(e.Tick(1199));
        Assert.Equal(2, e.Tick(1200).Count);
    }

    [Fact]
    public void With_no_known_primary_a_candidacy_waits_one_down_after_from_the_first_tick()
    {
        var e = Make("n1");
        var sent = e.TickThrough(1000, 1000 + 4990);
        Assert.Empty(sent.Select(s => s.Out.Message).OfType<OfferMessage>());
        var outbox = e.Tick(6000);
        Assert.Equal(new OfferMessage(2, "n1", 0), Assert.Single(outbox, o => o.IsBroadcast).Message);
        var s = e.State;
        Assert.Equal((ElectRole.Candidate, 2UL, "n1", 2UL), (s.Role, s.Epoch, s.VotedFor, s.LastAcceptEpoch));
        Assert.Equal(new[] { "n1" }, s.Votes);
    }

    [Fact]
    public void A_peer_with_a_higher_offset_heard_recently_blocks_my_candidacy()
    {
        var e = Make("n1");
        e.SetReplOffset(5);
        e.Tick(0);
        e.OnMessage(Hb("n3", offset: 6), 4000);
        Assert.Empty(e.Tick(5000).Of<OfferMessage>());
        // Once n3 is DOWN (no HB for down_after) it no longer counts.
        Assert.Single(e.Tick(9000).Of<OfferMessage>());
    }

    [Fact]
    public void A_peer_with_an_equal_offset_and_a_lower_id_blocks_my_candidacy()
    {
        var e = Make("n2");
        e.Tick(0);
        e.OnMessage(Hb("n1"), 4000);
        Assert.Empty(e.Tick(5000).Of<OfferMessage>());
        e.OnMessage(Hb("n1", offset: 0), 8000);
        Assert.Empty(e.Tick(8000).Of<OfferMessage>());
    }

    [Fact]
    public void Never_heard_peers_do_not_block_and_lower_peers_do_not_either()
    {
        var e = Make("n2");
        e.SetReplOffset(10);
        e.Tick(0);
        e.OnMessage(Hb("n3", offset: 10), 100); // equal offset, higher id: I still rank first
        Assert.Single(e.Tick(5000).Of<OfferMessage>());
    }

    [Fact]
    public void No_candidacy_while_the_known_primary_is_heard()
    {
        var e = Make("n2");
        e.Tick(0);
        e.OnMessage(Hb("n1", 1, ElectRole.Primary), 100);
        Assert.Equal("n1", e.State.KnownPrimaryId);
        Assert.Empty(e.TickThrough(200, 5090).Select(s => s.Out.Message).OfType<OfferMessage>());
        // n1's last HB was at 100: it is DOWN from 5100 on.
        Assert.Single(e.Tick(5100).Of<OfferMessage>());
    }

    [Fact]
    public void The_down_primary_is_excluded_from_the_ranking()
    {
        var e = Make("n2");
        e.Tick(0);
        e.OnMessage(Hb("n1", 1, ElectRole.Primary, offset: 100), 100);
        Assert.Single(e.Tick(5100).Of<OfferMessage>());
    }

    [Fact]
    public void Votes_reaching_quorum_make_me_primary_on_the_next_tick_with_an_announce()
    {
        var e = Make("n1");
        e.Tick(0);
        e.Tick(5000);
        Assert.Empty(e.OnMessage(new AcceptMessage(2, "n3"), 5010));
        Assert.Equal(ElectRole.Candidate, e.State.Role);
        var outbox = e.Tick(5020);
        Assert.Equal(new AnnounceMessage(2, "n1", "n1.test:6004"), Assert.Single(outbox, o => o.IsBroadcast).Message);
        Assert.Equal((ElectRole.Primary, "n1"), (e.State.Role, e.State.KnownPrimaryId));
    }

    [Fact]
    public void Accepts_count_only_while_candidate_in_that_epoch_and_once_per_voter()
    {
        var e = Make("n1", peers: ["n1", "n2", "n3", "n4", "n5"]);
        e.OnMessage(new AcceptMessage(1, "n2"), 0); // not a candidate
        e.Tick(0);
        e.Tick(5000);
        e.OnMessage(new AcceptMessage(1, "n2"), 5010); // another epoch
        e.OnMessage(new AcceptMessage(2, "n3"), 5010);
        e.OnMessage(new AcceptMessage(2, "n3"), 5010); // same voter again
        e.Tick(5020);
        Assert.Equal(ElectRole.Candidate, e.State.Role);
        Assert.Equal(new[] { "n1", "n3" }, e.State.Votes.Order());
        e.OnMessage(new AcceptMessage(2, "n4"), 5030);
        e.Tick(5040);
        Assert.Equal(ElectRole.Primary, e.State.Role);
    }

    [Fact]
    public void A_candidate_without_quorum_times_out_then_backs_off_before_offering_again()
    {
        int? askedMax = null;
        var e = new Elector("n1", ThreeNodes, "a:1", ElectionTimings.Reference, new InMemoryElectPersist(), max => { askedMax = max; return 1234; });
        e.Tick(0);
        e.Tick(5000);
        e.Tick(7990);
        Assert.Equal(ElectRole.Candidate, e.State.Role);
        e.Tick(8000);
        Assert.Equal(ElectRole.Replica, e.State.Role);
        Assert.Equal(4000, askedMax);
        Assert.Equal(8000 + 1000 + 1234, e.State.BackoffUntilMs);
        var offers = e.TickThrough(8010, 10_230).Select(s => s.Out.Message).OfType<OfferMessage>();
        Assert.Empty(offers);
        Assert.Equal(new OfferMessage(3, "n1", 0), Assert.Single(e.Tick(10_234).Of<OfferMessage>()));
    }

    [Fact]
    public void A_jitter_source_out_of_range_is_reported()
    {
        var e = Make("n1", jitter: 4000);
        e.Tick(0);
        e.Tick(5000);
        Assert.Contains("outside 0..3999", Assert.Throws<InvalidOperationException>(() => e.Tick(8000)).Message);
    }

    [Fact]
    public void A_single_node_elects_itself_after_the_grace_window()
    {
        var e = Make("solo", peers: ["solo"]);
        Assert.Empty(e.Tick(0));
        Assert.Empty(e.Tick(4999));
        var outbox = e.Tick(5000);
        Assert.Contains(outbox, o => o.Message is AnnounceMessage { Epoch: 2, NewPrimaryId: "solo" });
        Assert.True(e.IsWritablePrimary(5000));
    }

    [Fact]
    public void The_primary_lease_needs_a_strict_majority_heard_within_down_after()
    {
        var e = Make("n1");
        e.Tick(0);
        e.Tick(5000);
        e.OnMessage(new AcceptMessage(2, "n2"), 5000);
        e.Tick(5010);
        Assert.False(e.IsWritablePrimary(5010)); // only itself heard so far
        e.OnMessage(Hb("n2", 2), 5020);
        Assert.True(e.IsWritablePrimary(5020));
        Assert.True(e.IsWritablePrimary(10_019));
        Assert.False(e.IsWritablePrimary(10_020));
        Assert.False(Make("n2").IsWritablePrimary(0)); // a replica never writes
    }

    [Fact]
    public void Recent_decisions_are_kept_and_bounded()
    {
        var e = Make("n1", peers: ["n1", "n2"], timings: new ElectionTimings { BackoffJitterMaxMs = 0 });
        e.TickThrough(0, 600_000, 100);
        Assert.Equal(64, e.RecentDecisions.Count);
        Assert.Contains(e.RecentDecisions, d => d.What.Contains("timed out"));
    }
}
