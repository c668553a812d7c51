using Xunit;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Failover;
using KevyElect.History;
using KevyElect.Tests.Failover;

namespace KevyElect.Tests.History;

public sealed class HistoryEntryTests
{
    private static readonly HistoryOrigin Origin = new("ops", "jump-1", 4242);
    private static readonly DateTimeOffset Started = new DateTimeOffset(2026, 11, 26, 9, 34, 1, 123, TimeSpan.Zero).AddTicks(4567);
    private readonly Observations _c = Observations.ThreeNodes();

    private FailoverPlan Plan(string target) =>
        _c.Plan(new FailoverRequest { TargetNodeId = target, Epoch = 1700000000000 }, _c.Primary("n1", 100), _c.Replica("n2", "n1", 100), _c.Replica("n3", "n1", 100));

    [Fact]
    public void A_switchover_records_plan_outcome_unavailability_drain_steps_and_origin()
    {
        FailoverPlan plan = Plan("n2");
        DrainProof drain = DrainProof.Confirmed("REPL.TOKEN on n1, REPL.WAIT on n2", Observations.Token(Observations.Generation, 100), Observations.Token(Observations.Generation, 100));
        var steps = new[]
        {
            new FailoverStep("Quiesce", true, TimeSpan.FromMilliseconds(6.84), "FAILOVER on n1"),
            new FailoverStep("Verify", false, TimeSpan.FromMilliseconds(277.9), "n3 disagrees"),
        };
        var result = new FailoverResult(plan, FailoverOutcome.Succeeded, "n2", steps, TimeSpan.FromMilliseconds(46.54), Array.Empty<string>(), "n2 is primary", null, drain);

        HistoryEntry e = HistoryEntry.FromFailover(result, _c.Table, null, Started.ToOffset(TimeSpan.FromHours(9)), TimeSpan.FromMilliseconds(409.33), Origin);

        Assert.Equal(HistoryEntryKind.Failover, e.GetKind());
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 34, 1, 123, TimeSpan.Zero), e.Time);
        Assert.Equal(TimeSpan.Zero, e.Time.Offset);
        Assert.Equal(_c.Table.ToString(), e.Cluster);
        Assert.Equal(_c.Table.ToString(), e.Peers);
        Assert.Equal(FailoverOutcome.Succeeded, e.GetOutcome());
        Assert.Equal(FailoverKind.Planned, e.GetFailoverKind());
        Assert.Equal("n2", e.Target);
        Assert.Equal("n1", e.OldPrimary);
        Assert.Equal("n2", e.NewPrimary);
        Assert.Equal(1700000000000UL, e.Epoch);
        Assert.Equal(46.5, e.WriteUnavailableMs);
        Assert.Equal(409.3, e.DurationMs);
        Assert.Equal(0, e.OffsetGap);
        Assert.Equal(DrainVerdict.NoLoss, e.GetDrain());
        Assert.Equal(drain.Describe(), e.DrainDetail);
        Assert.Null(e.RefusalCode);
        Assert.Equal(new[] { "Quiesce ok 6.8 ms", "Verify FAILED 277.9 ms" }, e.Steps);
        Assert.Equal("n2 is primary", e.Message);
        Assert.Equal(("ops", "jump-1", 4242), (e.UserName, e.HostName, e.ProcessId));
        Assert.Null(e.EventKind);
    }

    [Fact]
    public void A_refused_plan_records_the_refusal_and_no_new_primary()
    {
        FailoverPlan plan = Plan("n1");
        Assert.True(plan.IsRefused);
        HistoryEntry e = HistoryEntry.FromFailover(FailoverResult.FromRefusal(plan), _c.Table, null, Started, TimeSpan.FromMilliseconds(8), Origin);
        Assert.Equal(FailoverOutcome.Refused, e.GetOutcome());
        Assert.Equal(FailoverRefusalCode.TargetIsPrimary, e.GetRefusalCode());
        Assert.Equal("n1", e.Target);
        Assert.Null(e.NewPrimary);
        Assert.Null(e.Drain);
        Assert.Empty(e.Steps);
        Assert.StartsWith("refused before anything was sent: TargetIsPrimary", e.Message);
    }

    [Fact]
    public void A_cluster_name_when_given_replaces_the_peer_table_text_as_Cluster()
    {
        HistoryEntry e = HistoryEntry.FromFailover(FailoverResult.FromRefusal(Plan("n1")), _c.Table, "prod-east", Started, TimeSpan.Zero, Origin);
        Assert.Equal("prod-east", e.Cluster);
        Assert.Equal(_c.Table.ToString(), e.Peers);
    }

    [Fact]
    public void A_PrimaryChanged_event_records_old_and_new_primary_and_the_time_without_one()
    {
        var ev = new ClusterEvent
        {
            KindValue = ClusterEventKind.PrimaryChanged, Time = Started, NodeId = "n2", Old = "n1", New = "n2", UnavailableMs = 595, Message = "writable primary n1 -> n2",
        };
        HistoryEntry e = HistoryEntry.FromWatchEvent(ev, _c.Table, null, Origin);
        Assert.Equal(HistoryEntryKind.WatchEvent, e.GetKind());
        Assert.Equal(ClusterEventKind.PrimaryChanged, e.GetEventKind());
        Assert.Equal(("n2", "n1", "n2"), (e.Node, e.Old, e.New));
        Assert.Equal(("n1", "n2"), (e.OldPrimary, e.NewPrimary));
        Assert.Equal(595, e.WriteUnavailableMs);
        Assert.Equal("PrimaryChanged", e.Result);
        Assert.Null(e.Outcome);
    }

    [Fact]
    public void Other_events_leave_the_primaries_empty()
    {
        var ev = new ClusterEvent { KindValue = ClusterEventKind.RoleChanged, Time = Started, NodeId = "n3", Old = "Replica", New = "Primary", View = "Election", Message = "n3: ROLE says Primary" };
        HistoryEntry e = HistoryEntry.FromWatchEvent(ev, _c.Table, null, Origin);
        Assert.Null(e.OldPrimary);
        Assert.Null(e.NewPrimary);
        Assert.Equal(("Replica", "Primary"), (e.Old, e.New));
    }

    [Fact]
    public void The_current_origin_is_this_process()
    {
        Assert.Equal(Environment.ProcessId, HistoryOrigin.Current.ProcessId);
        Assert.Equal(Environment.MachineName, HistoryOrigin.Current.HostName);
        Assert.Equal(Environment.UserName, HistoryOrigin.Current.UserName);
    }

    [Fact]
    public void Enum_valued_fields_are_names_that_a_script_can_also_set_by_name()
    {
        var e = new HistoryEntry { Kind = "watchevent", EventKind = "PrimaryChanged", Outcome = null };
        Assert.Equal(HistoryEntryKind.WatchEvent, e.GetKind());
        Assert.Equal("WatchEvent", e.Kind);
        Assert.Equal(ClusterEventKind.PrimaryChanged, e.GetEventKind());
        Assert.Null(e.GetOutcome());
        var ex = Assert.Throws<ArgumentException>(() => new HistoryEntry { Outcome = "Fine" });
        Assert.Contains("Outcome 'Fine' is not one of Succeeded", ex.Message);
    }
}
