using Xunit;
using KevyElect.Failover;

namespace KevyElect.Tests.Failover;

public class FailoverPlannerTests
{
    private static readonly FailoverRequest Planned = new() { Epoch = 1_700_000_000_000 };
    private static readonly FailoverRequest Takeover = new() { Epoch = 1_700_000_000_000, Takeover = true };
    private readonly Observations _c = Observations.ThreeNodes();

    private static void AssertRefused(FailoverPlan plan, FailoverRefusalCode code)
    {
        Assert.True(plan.IsRefused, "expected a refusal, got: " + plan.Describe());
        Assert.Equal(code, plan.Refusal!.GetCode());
        Assert.False(string.IsNullOrWhiteSpace(plan.Refusal.Message));
    }

    [Fact]
    public void Candidate_rule_picks_the_replica_with_the_highest_offset()
    {
        var plan = _c.Plan(Planned, _c.Primary("n1", 100), _c.Replica("n2", "n1", 98), _c.Replica("n3", "n1", 100));
        Assert.False(plan.IsRefused, plan.Describe());
        Assert.Equal(FailoverKind.Planned, plan.GetKind());
        Assert.Equal("n1", plan.CurrentPrimaryId);
        Assert.Equal("n3", plan.TargetId);
        Assert.Equal("candidate rule: highest offset 100", plan.TargetReason);
        Assert.Equal(0, plan.ExpectedLossFrames);
        Assert.Equal(6, plan.Steps.Count);
        Assert.StartsWith("FAILOVER 0.0.0.0 0 TIMEOUT", plan.Steps[0]);
        Assert.StartsWith("REPL.TOKEN on n1", plan.Steps[1]);
        Assert.Contains("ANNOUNCE 1700000000000 n3 127.0.0.1:7003 to n3's elect port", plan.Steps[2]);
        Assert.Null(plan.DrainUnprovable);
        Assert.Contains("Expected data loss: none", plan.Describe());
    }

    [Fact]
    public void A_primary_without_REPL_TOKEN_makes_the_drain_unprovable_and_needs_AcceptDataLoss()
    {
        var nodes = new[] { _c.Primary("n1", 50, replToken: false), _c.Replica("n2", "n1", 50), _c.Replica("n3", "n1", 50) };
        var refused = _c.Plan(Planned, nodes);
        AssertRefused(refused, FailoverRefusalCode.DrainUnprovable);
        Assert.Contains("'n1' did not answer REPL.TOKEN (ERR unknown command 'REPL.TOKEN')", refused.Refusal!.Message);
        Assert.Contains("-AcceptDataLoss", refused.Refusal.Message);
        Assert.Contains("Expected data loss: cannot be proven", refused.Describe());
        Assert.Null(refused.ExpectedLossFrames);

        var accepted = _c.Plan(Planned with { AcceptDataLoss = true }, nodes);
        Assert.False(accepted.IsRefused, accepted.Describe());
        Assert.NotNull(accepted.DrainUnprovable);
        Assert.Contains("accepted with -AcceptDataLoss", accepted.Describe());
        Assert.StartsWith("wait until n2 reports its link up and slave_lag_frames:0", accepted.Steps[1]);
    }

    [Fact]
    public void A_target_on_another_stream_generation_makes_the_drain_unprovable()
    {
        var nodes = new[] { _c.Primary("n1", 50), _c.Replica("n2", "n1", 50, generation: 0), _c.Replica("n3", "n1", 50, generation: 0) };
        var refused = _c.Plan(Planned with { TargetNodeId = "n2" }, nodes);
        AssertRefused(refused, FailoverRefusalCode.DrainUnprovable);
        Assert.Contains("'n2' does not follow 'n1''s replication stream yet", refused.Refusal!.Message);
    }

    [Fact]
    public void Candidate_rule_breaks_an_offset_tie_by_the_lowest_id()
    {
        var plan = _c.Plan(Planned, _c.Primary("n3", 50), _c.Replica("n2", "n3", 50), _c.Replica("n1", "n3", 50));
        Assert.Equal("n1", plan.TargetId);
        Assert.Contains("lowest id", plan.TargetReason);
    }

    [Fact]
    public void The_automatic_target_skips_a_chained_replica_with_a_higher_offset_for_one_ready_to_take_over()
    {
        var plan = _c.Plan(Planned, _c.Primary("n1", 50), _c.Replica("n2", "n1", 48), _c.Replica("n3", "n1", 50, infoOf: "n2"));
        Assert.False(plan.IsRefused, plan.Describe());
        Assert.Equal("n2", plan.TargetId);
        Assert.Contains("n3 not", plan.TargetReason);
    }

    [Fact]
    public void The_automatic_target_skips_a_replica_with_its_link_down()
    {
        var plan = _c.Plan(Planned, _c.Primary("n1", 50), _c.Replica("n2", "n1", 50, link: "down"), _c.Replica("n3", "n1", 50));
        Assert.False(plan.IsRefused, plan.Describe());
        Assert.Equal("n3", plan.TargetId);
    }

    [Fact]
    public void With_no_replica_ready_the_automatic_target_is_refused_with_the_reason_of_the_best_one()
    {
        var plan = _c.Plan(Planned, _c.Primary("n1", 50), _c.Replica("n2", "n1", 50, link: "down"), _c.Replica("n3", "n1", 50, infoOf: "n2"));
        AssertRefused(plan, FailoverRefusalCode.TargetLinkDown);
        Assert.Equal("n2", plan.TargetId);
    }

    [Fact]
    public void A_named_target_says_so()
    {
        var plan = _c.Plan(Planned with { TargetNodeId = "n2" }, _c.Primary("n1", 10), _c.Replica("n2", "n1", 9), _c.Replica("n3", "n1", 10));
        Assert.False(plan.IsRefused, plan.Describe());
        Assert.Equal("n2", plan.TargetId);
        Assert.Equal("named by -TargetNodeId", plan.TargetReason);
    }

    [Fact]
    public void Fewer_answering_nodes_than_the_quorum_is_NoQuorum() =>
        AssertRefused(_c.Plan(Planned, _c.Primary("n1", 1), _c.Down("n2"), _c.Down("n3")), FailoverRefusalCode.NoQuorum);

    [Fact]
    public void All_answering_and_none_primary_is_NoPrimary() =>
        AssertRefused(_c.Plan(Planned, _c.Replica("n1", "n2", 1), _c.Replica("n2", "n3", 1), _c.Replica("n3", "n1", 1)), FailoverRefusalCode.NoPrimary);

    [Fact]
    public void Electors_that_follow_a_node_answering_as_a_replica_are_named_with_the_takeover_advice()
    {
        var plan = _c.Plan(Planned, _c.Replica("n1", "n2", 1), _c.Replica("n2", "n3", 1), _c.Replica("n3", "n2", 1));
        AssertRefused(plan, FailoverRefusalCode.NoPrimary);
        Assert.Contains("n1, n3 still follow 'n2', which answers as a replica", plan.Refusal!.Message);
        Assert.Contains("-Takeover", plan.Refusal.Message);
    }

    [Fact]
    public void No_answering_primary_with_a_node_down_needs_a_takeover() =>
        AssertRefused(_c.Plan(Planned, _c.Down("n1"), _c.Replica("n2", "n1", 1), _c.Replica("n3", "n1", 1)), FailoverRefusalCode.PrimaryUnreachable_NeedsTakeover);

    [Fact]
    public void Two_ROLE_masters_is_MultiplePrimaries() =>
        AssertRefused(_c.Plan(Planned, _c.Primary("n1", 1), _c.Primary("n2", 1), _c.Replica("n3", "n1", 1)), FailoverRefusalCode.MultiplePrimaries);

    [Fact]
    public void A_target_outside_the_table_is_TargetUnknown()
    {
        var plan = _c.Plan(Planned with { TargetNodeId = "n9" }, _c.Primary("n1", 1), _c.Replica("n2", "n1", 1), _c.Replica("n3", "n1", 1));
        AssertRefused(plan, FailoverRefusalCode.TargetUnknown);
        Assert.Contains("n9", plan.Refusal!.Message);
    }

    [Fact]
    public void A_down_target_is_TargetUnreachable() =>
        AssertRefused(_c.Plan(Planned with { TargetNodeId = "n3" }, _c.Primary("n1", 1), _c.Replica("n2", "n1", 1), _c.Down("n3")), FailoverRefusalCode.TargetUnreachable);

    [Fact]
    public void A_target_whose_elect_port_is_closed_is_TargetUnreachable() =>
        AssertRefused(_c.Plan(Planned with { TargetNodeId = "n3" }, _c.Primary("n1", 1), _c.Replica("n2", "n1", 1), _c.Replica("n3", "n1", 1, electUp: false)),
            FailoverRefusalCode.TargetUnreachable);

    [Fact]
    public void The_primary_as_target_is_TargetIsPrimary() =>
        AssertRefused(_c.Plan(Planned with { TargetNodeId = "n1" }, _c.Primary("n1", 1), _c.Replica("n2", "n1", 1), _c.Replica("n3", "n1", 1)), FailoverRefusalCode.TargetIsPrimary);

    [Fact]
    public void A_target_that_is_a_data_plane_master_is_TargetNotReplica() =>
        AssertRefused(_c.Plan(Planned with { TargetNodeId = "n3" }, _c.Primary("n1", 5), _c.Replica("n2", "n1", 5), _c.DataMasterElectReplica("n3", "n1", 5)),
            FailoverRefusalCode.TargetNotReplica);

    [Fact]
    public void A_target_chained_to_another_replica_is_TargetNotReplica()
    {
        var plan = _c.Plan(Planned with { TargetNodeId = "n3" }, _c.Primary("n1", 5), _c.Replica("n2", "n1", 5), _c.Replica("n3", "n1", 5, infoOf: "n2"));
        AssertRefused(plan, FailoverRefusalCode.TargetNotReplica);
        Assert.Contains("n2", plan.Refusal!.Message);
    }

    [Fact]
    public void A_target_with_its_link_down_is_TargetLinkDown() =>
        AssertRefused(_c.Plan(Planned with { TargetNodeId = "n3" }, _c.Primary("n1", 5), _c.Replica("n2", "n1", 5), _c.Replica("n3", "n1", 5, link: "down")),
            FailoverRefusalCode.TargetLinkDown);

    [Fact]
    public void A_lagging_target_is_refused_unless_the_lag_is_allowed()
    {
        var nodes = new[] { _c.Primary("n1", 5000), _c.Replica("n2", "n1", 5000), _c.Replica("n3", "n1", 3000, lag: 2000) };
        var refused = _c.Plan(Planned with { TargetNodeId = "n3" }, nodes);
        AssertRefused(refused, FailoverRefusalCode.TargetLagging);
        Assert.Contains("2000 frames", refused.Refusal!.Message);
        Assert.Contains("more than -MaxLagFrames 1000", refused.Refusal.Message);
        Assert.False(_c.Plan(Planned with { TargetNodeId = "n3", MaxLagFrames = 2000 }, nodes).IsRefused);
        // Under load the gauge often shows a few frames: the default lets that through, the drain waits for them.
        var busy = new[] { _c.Primary("n1", 50), _c.Replica("n2", "n1", 48, lag: 2), _c.Replica("n3", "n1", 50) };
        Assert.False(_c.Plan(Planned with { TargetNodeId = "n2" }, busy).IsRefused);
    }

    [Fact]
    public void A_single_node_cluster_has_no_candidate()
    {
        var one = new Observations("n1@127.0.0.1:7201:7001");
        AssertRefused(one.Plan(Planned, one.Primary("n1", 3)), FailoverRefusalCode.NoCandidate);
    }

    [Fact]
    public void Epoch_zero_is_BadEpoch() =>
        AssertRefused(_c.Plan(Planned with { Epoch = 0 }, _c.Primary("n1", 1), _c.Replica("n2", "n1", 1), _c.Replica("n3", "n1", 1)), FailoverRefusalCode.BadEpoch);

    [Fact]
    public void A_takeover_while_the_primary_answers_with_a_quorum_is_refused() =>
        AssertRefused(_c.Plan(Takeover, _c.Primary("n1", 1), _c.Replica("n2", "n1", 1), _c.Down("n3")), FailoverRefusalCode.PrimaryReachable_UseSwitchover);

    [Fact]
    public void A_takeover_reports_the_gap_to_the_most_advanced_node_and_needs_acknowledgement()
    {
        var nodes = new[] { _c.Down("n1"), _c.Replica("n2", "n1", 100), _c.Replica("n3", "n1", 90) };
        var refused = _c.Plan(Takeover with { TargetNodeId = "n3" }, nodes);
        AssertRefused(refused, FailoverRefusalCode.TakeoverNotAcknowledged);
        Assert.Equal(10, refused.OffsetGap);
        Assert.Contains("-AcceptDataLoss", refused.Refusal!.Message);

        var plan = _c.Plan(Takeover with { TargetNodeId = "n3", AcceptDataLoss = true }, nodes);
        Assert.False(plan.IsRefused, plan.Describe());
        Assert.Equal(10, plan.OffsetGap);
        Assert.Equal(10, plan.ExpectedLossFrames);
        Assert.False(plan.LossBounded);
        Assert.Equal(0, plan.StandInVotersNeeded);
        Assert.Contains(plan.Steps, s => s.StartsWith("REPLICAOF NO ONE on n3", StringComparison.Ordinal));
    }

    [Fact]
    public void A_takeover_with_an_unreachable_node_needs_acknowledgement_even_at_gap_zero()
    {
        var plan = _c.Plan(Takeover, _c.Down("n1"), _c.Replica("n2", "n1", 7), _c.Replica("n3", "n1", 7));
        AssertRefused(plan, FailoverRefusalCode.TakeoverNotAcknowledged);
        Assert.Equal(0, plan.OffsetGap);
        Assert.Equal("n2", plan.TargetId);
    }

    [Fact]
    public void A_takeover_picks_the_most_advanced_reachable_node_by_default()
    {
        var plan = _c.Plan(Takeover with { AcceptDataLoss = true }, _c.Down("n1"), _c.Replica("n2", "n1", 100), _c.Replica("n3", "n1", 90));
        Assert.Equal("n2", plan.TargetId);
        Assert.Equal(0, plan.OffsetGap);
    }

    [Fact]
    public void A_two_node_takeover_with_one_down_needs_a_stand_in_voter()
    {
        var two = Observations.TwoNodes();
        var nodes = new[] { two.Down("n1"), two.Replica("n2", "n1", 12) };
        var refused = two.Plan(Takeover with { AcceptDataLoss = true }, nodes);
        AssertRefused(refused, FailoverRefusalCode.StandInVoterRequired);
        Assert.Equal(1, refused.StandInVotersNeeded);

        var plan = two.Plan(Takeover with { AcceptDataLoss = true, AllowStandInVoter = true }, nodes);
        Assert.False(plan.IsRefused, plan.Describe());
        Assert.Equal("n2", plan.TargetId);
        Assert.Equal(1, plan.StandInVotersNeeded);
        Assert.StartsWith("start 1 stand-in voter", plan.Steps[0]);
    }

    [Fact]
    public void A_takeover_when_all_answer_but_nobody_is_primary_is_allowed_without_acknowledgement_at_gap_zero()
    {
        var plan = _c.Plan(Takeover, _c.Replica("n1", "n2", 4), _c.Replica("n2", "n3", 4), _c.Replica("n3", "n1", 4));
        Assert.False(plan.IsRefused, plan.Describe());
        Assert.True(plan.LossBounded);
        Assert.Equal("n1", plan.TargetId);
    }

    [Fact]
    public void The_description_names_primary_target_reason_offsets_and_loss()
    {
        var plan = _c.Plan(Takeover with { AcceptDataLoss = true }, _c.Down("n1"), _c.Replica("n2", "n1", 100), _c.Replica("n3", "n1", 90));
        string text = plan.Describe();
        Assert.Contains("Forced takeover", text);
        Assert.Contains("-> n2 (candidate rule: highest offset 100)", text);
        Assert.Contains("n1=? (unreachable)", text);
        Assert.Contains("n3=90", text);
        Assert.Contains("frames at least", text);
        Assert.Contains("1. ANNOUNCE", text);
    }

    [Fact]
    public void Observations_of_nodes_outside_the_table_are_rejected()
    {
        var other = Observations.TwoNodes();
        var outsider = new Observations("n7@127.0.0.1:7207:7007").Primary("n7", 1);
        Assert.Throws<ArgumentException>(() => FailoverPlanner.Plan(other.Table, new[] { outsider }, Planned));
    }
}
