using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KevyElect.Cluster;
using KevyElect.Election;

namespace KevyElect.Failover
{
    /// <summary>
    /// Pre-flight, pure: from one read of every node and the operator's request, the plan or the typed
    /// refusal. The elected primary is the node whose ROLE says master (the election's view decides who
    /// writes under a quorum); replicas, links, lag and offsets come from INFO (the data plane's view).
    /// </summary>
    public static class FailoverPlanner
    {
        /// <summary>Plans a failover; never throws for a cluster state, only for bad arguments.</summary>
        /// <param name="table">The cluster's peer table.</param>
        /// <param name="observations">One observation per peer (see <see cref="IClusterReader"/>).</param>
        /// <param name="request">What the operator asked for.</param>
        public static FailoverPlan Plan(PeerTable table, IReadOnlyList<NodeObservation> observations, FailoverRequest request)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (observations is null) throw new ArgumentNullException(nameof(observations));
            if (request is null) throw new ArgumentNullException(nameof(request));
            request.Validate();
            foreach (NodeObservation o in observations)
            {
                if (o is null) throw new ArgumentException("the observation list contains a null entry", nameof(observations));
                if (table.Find(o.NodeId) is null) throw new ArgumentException($"observation of '{o.NodeId}', which is not in the peer table", nameof(observations));
            }
            return new Planning(table, observations, request).Run();
        }

        private sealed class Planning
        {
            private readonly PeerTable _table;
            private readonly IReadOnlyList<NodeObservation> _all;
            private readonly FailoverRequest _request;
            private readonly List<NodeObservation> _reachable;
            private readonly List<NodeObservation> _primaries;
            private FailoverKind Kind => _request.Takeover ? FailoverKind.Takeover : FailoverKind.Planned;

            public Planning(PeerTable table, IReadOnlyList<NodeObservation> all, FailoverRequest request)
            {
                _table = table;
                _all = all;
                _request = request;
                _reachable = all.Where(o => o.DataReachable).ToList();
                _primaries = _reachable.Where(o => o.IsElectedPrimary).ToList();
            }

            public FailoverPlan Run()
            {
                string? primary = _primaries.Count == 1 ? _primaries[0].NodeId : null;
                if (_request.Epoch == 0)
                    return Refuse(primary, null, null, FailoverRefusalCode.BadEpoch, "epoch 0 is below every node's epoch (they start at 1)");
                return _request.Takeover ? PlanTakeover(primary) : PlanSwitchover(primary);
            }

            private FailoverPlan PlanSwitchover(string? primaryId)
            {
                int quorum = _table.Quorum;
                if (_reachable.Count < quorum)
                    return Refuse(primaryId, null, null, FailoverRefusalCode.NoQuorum,
                        $"{_reachable.Count} of {_table.Count} nodes answered, a quorum is {quorum}; unreachable: {Unreachable()}");
                if (_primaries.Count == 0)
                {
                    return _reachable.Count < _table.Count
                        ? Refuse(null, null, null, FailoverRefusalCode.PrimaryUnreachable_NeedsTakeover,
                            $"no answering node is the elected primary and {Unreachable()} did not answer; if the primary is down and the cluster does not elect, use -Takeover")
                        : Refuse(null, null, null, FailoverRefusalCode.NoPrimary, NoPrimaryMessage());
                }
                if (_primaries.Count > 1)
                    return Refuse(null, null, null, FailoverRefusalCode.MultiplePrimaries,
                        "ROLE says master on " + string.Join(", ", _primaries.Select(p => p.NodeId)) + "; resolve that first");
                NodeObservation primary = _primaries[0];

                // Chosen automatically, the target comes from the replicas that can take over now (direct
                // data-plane replicas of the primary, link up, both ports answering); only when none can does
                // the rule run over every reachable node, so the refusal names what is wrong with the best one.
                var others = _reachable.Where(o => o.NodeId != primary.NodeId && o.ElectPortReachable).ToList();
                var ready = others.Where(o => IsReadyReplicaOf(o, primary.NodeId)).ToList();
                var (target, reason, refusal) = ChooseTarget(ready.Count > 0 ? ready : others);
                if (refusal != null) return Refuse(primary.NodeId, null, null, refusal.GetCode(), refusal.Message);
                NodeObservation t = target!;
                if (_request.TargetNodeId == null && ready.Count > 0 && ready.Count < others.Count)
                    reason += $" among the {ready.Count} replicas ready to take over ({string.Join(", ", others.Except(ready).Select(o => o.NodeId))} not: chained, link down or not a replica)";

                if (t.NodeId == primary.NodeId)
                    return Refuse(primary.NodeId, t.NodeId, reason, FailoverRefusalCode.TargetIsPrimary, $"'{t.NodeId}' already is the elected primary");
                if (!t.FullyReachable)
                    return Refuse(primary.NodeId, t.NodeId, reason, FailoverRefusalCode.TargetUnreachable, $"'{t.NodeId}' does not answer: {t.Error}");
                if (t.IsDataMaster || t.InfoFollowsId != primary.NodeId)
                    return Refuse(primary.NodeId, t.NodeId, reason, FailoverRefusalCode.TargetNotReplica,
                        $"'{t.NodeId}' is not a data-plane replica of '{primary.NodeId}' (INFO: {(t.IsDataMaster ? "role:master" : "replicates from " + (t.InfoFollowsId ?? "an address outside the table"))})");
                if (!t.LinkUp)
                    return Refuse(primary.NodeId, t.NodeId, reason, FailoverRefusalCode.TargetLinkDown,
                        $"'{t.NodeId}' reports master_link_status:{t.Info?.MasterLinkStatus ?? "?"}");
                long lag = t.LagFrames ?? 0;
                if (lag > _request.MaxLagFrames)
                    return Refuse(primary.NodeId, t.NodeId, reason, FailoverRefusalCode.TargetLagging,
                        $"'{t.NodeId}' lags {lag} frames behind '{primary.NodeId}', more than -MaxLagFrames {_request.MaxLagFrames}");

                string? unprovable = WhyDrainUnprovable(primary, t);
                var steps = SwitchoverSteps(primary, t, unprovable == null);
                if (unprovable != null && !_request.AcceptDataLoss)
                    return Build(primary.NodeId, t.NodeId, reason, null, true, 0, steps, new FailoverRefusal(FailoverRefusalCode.DrainUnprovable,
                        unprovable + ", so the switchover cannot prove that no acknowledged write is lost; add -AcceptDataLoss to switch over on "
                        + "the lag gauge instead (it can lose the last writes acknowledged under load), or retry once it follows"), unprovable);
                return Build(primary.NodeId, t.NodeId, reason, unprovable == null ? 0 : (long?)null, true, 0, steps, null, unprovable);
            }

            /// <summary>Null when the drain can be proven exactly (REPL.TOKEN on both, the target on the primary's stream); else why not.</summary>
            private static string? WhyDrainUnprovable(NodeObservation primary, NodeObservation target)
            {
                if (primary.ReplToken == null)
                    return $"'{primary.NodeId}' did not answer REPL.TOKEN ({primary.ReplTokenError ?? "not read"})";
                if (target.ReplToken == null)
                    return $"'{target.NodeId}' did not answer REPL.TOKEN ({target.ReplTokenError ?? "not read"})";
                if (!primary.ReplToken.IsStreamOf(target.ReplToken))
                    return $"'{target.NodeId}' does not follow '{primary.NodeId}''s replication stream yet (REPL.TOKEN {target.ReplToken} against {primary.ReplToken}; "
                        + "a replica learns the generation within about a second of a resync)";
                return null;
            }

            private List<string> SwitchoverSteps(NodeObservation primary, NodeObservation t, bool provable)
            {
                string p = primary.NodeId, n = t.NodeId;
                var steps = new List<string>
                {
                    $"FAILOVER 0.0.0.0 0 TIMEOUT <ms> on {p}: its writes stop (-QUIESCED), naming no address to follow, and nothing is promoted",
                    provable
                        ? $"REPL.TOKEN on {p} (what it acknowledged, per shard), then REPL.WAIT <token> on {n} until it has applied all of it (on timeout or Ctrl+C: FAILOVER ABORT, {p} keeps writing)"
                        : $"wait until {n} reports its link up and slave_lag_frames:0 a heartbeat after the quiesce (not exact: accepted with -AcceptDataLoss)",
                    $"ANNOUNCE {_request.Epoch} {n} {t.Peer.ClientAddress} to {n}'s elect port: its elector promotes its data plane; wait until it accepts writes",
                    $"ANNOUNCE {_request.Epoch} {n} {t.Peer.ClientAddress} to every other elect port: {p} and the others follow {n} on both planes",
                    $"FAILOVER ABORT on {p} once it replicates from {n}: its quiesce ends, and writes there answer -READONLY",
                    $"verify that ROLE and INFO on every reachable node agree on {n} and every replica replicates from it",
                };
                return steps;
            }

            private FailoverPlan PlanTakeover(string? primaryId)
            {
                int quorum = _table.Quorum;
                if (_primaries.Count > 1)
                    return Refuse(null, null, null, FailoverRefusalCode.MultiplePrimaries,
                        "ROLE says master on " + string.Join(", ", _primaries.Select(p => p.NodeId)) + "; resolve that first");
                if (_primaries.Count == 1 && _reachable.Count >= quorum)
                    return Refuse(primaryId, null, null, FailoverRefusalCode.PrimaryReachable_UseSwitchover,
                        $"'{primaryId}' answers as elected primary and {_reachable.Count} of {_table.Count} nodes answer; run a planned switchover (without -Takeover)");

                var (target, reason, refusal) = ChooseTarget(_reachable.Where(o => o.ElectPortReachable));
                if (refusal != null) return Refuse(primaryId, null, null, refusal.GetCode(), refusal.Message);
                NodeObservation t = target!;
                if (!t.FullyReachable)
                    return Refuse(primaryId, t.NodeId, reason, FailoverRefusalCode.TargetUnreachable, $"'{t.NodeId}' does not answer: {t.Error}");

                long targetOffset = t.Offset ?? 0;
                long maxSeen = _reachable.Max(o => o.Offset ?? 0);
                long gap = Math.Max(0, maxSeen - targetOffset);
                bool bounded = _reachable.Count == _table.Count;
                int standIns = Math.Max(0, quorum - _reachable.Count);

                if ((gap > 0 || !bounded) && !_request.AcceptDataLoss)
                    return Build(primaryId, t.NodeId, reason, gap, bounded, standIns, TakeoverSteps(t, standIns), new FailoverRefusal(FailoverRefusalCode.TakeoverNotAcknowledged,
                        (gap > 0 ? $"'{t.NodeId}' is {gap} frames behind the most advanced node seen" : $"{Unreachable()} did not answer, so writes only it holds cannot be counted")
                        + "; those writes are lost by a takeover: add -AcceptDataLoss to go ahead"));
                if (standIns > 0 && !_request.AllowStandInVoter)
                    return Build(primaryId, t.NodeId, reason, gap, bounded, standIns, TakeoverSteps(t, standIns), new FailoverRefusal(FailoverRefusalCode.StandInVoterRequired,
                        $"{_reachable.Count} of {_table.Count} nodes answer and a primary needs {quorum} to hold its write lease, so '{t.NodeId}' would stay fenced (-NOREPLICAS); "
                        + $"add -StandInVoter to run {standIns} stand-in heartbeat stream(s) to it (see the help for the risk)"));
                return Build(primaryId, t.NodeId, reason, gap, bounded, standIns, TakeoverSteps(t, standIns), null);
            }

            /// <summary>Tells an election still running from the stall the rules cannot leave by themselves.</summary>
            private string NoPrimaryMessage()
            {
                StalledElection.Finding? stall = StalledElection.Find(_reachable.Select(o => (o.NodeId, o.RoleFollowsId, o.IsElectedPrimary)).ToList());
                if (stall != null)
                    return "every node answered and none is the elected primary; " + stall.Describe()
                        + "; if this lasts past down_after plus an election round, use -Takeover";
                return "every node answered and none is the elected primary (an election may be running); wait down_after plus an election round and retry; "
                    + "if no primary appears, use -Takeover";
            }

            private static bool IsReadyReplicaOf(NodeObservation o, string primaryId) =>
                o.FullyReachable && !o.IsDataMaster && o.InfoFollowsId == primaryId && o.LinkUp;

            private List<string> TakeoverSteps(NodeObservation t, int standIns)
            {
                var steps = new List<string>();
                if (standIns > 0)
                    steps.Add($"start {standIns} stand-in voter(s): HB {_request.Epoch} <reserved id> replica 0 to {t.NodeId} every heartbeat interval, so it sees a strict majority");
                steps.Add($"ANNOUNCE {_request.Epoch} {t.NodeId} {t.Peer.ClientAddress} to the elect port of every reachable node");
                if (!t.IsDataMaster) steps.Add($"REPLICAOF NO ONE on {t.NodeId} (its data plane still replicates)");
                steps.Add($"verify that {t.NodeId} accepts writes and ROLE and INFO on every reachable node agree on it");
                return steps;
            }

            private (NodeObservation? Target, string? Reason, FailoverRefusal? Refusal) ChooseTarget(IEnumerable<NodeObservation> candidates)
            {
                if (_request.TargetNodeId != null)
                {
                    if (_table.Find(_request.TargetNodeId) is null)
                        return (null, null, new FailoverRefusal(FailoverRefusalCode.TargetUnknown,
                            $"'{_request.TargetNodeId}' is not in the peer table ({string.Join(", ", _table.Select(p => p.Id))})"));
                    return (_all.FirstOrDefault(o => o.NodeId == _request.TargetNodeId)
                            ?? throw new ArgumentException($"no observation of '{_request.TargetNodeId}'"), "named by -TargetNodeId", null);
                }
                var pool = candidates.ToList();
                string? picked = ElectionRules.PickCandidate(pool.Select(o => (o.NodeId, (ulong)Math.Max(0, o.Offset ?? 0))));
                if (picked is null)
                    return (null, null, new FailoverRefusal(FailoverRefusalCode.NoCandidate, "no reachable node qualifies as the new primary"));
                NodeObservation chosen = pool.First(o => o.NodeId == picked);
                string offset = (chosen.Offset ?? 0).ToString(CultureInfo.InvariantCulture);
                int tied = pool.Count(o => (o.Offset ?? 0) == (chosen.Offset ?? 0));
                string reason = tied > 1
                    ? $"candidate rule: highest offset {offset}, shared by {tied} nodes; lowest id wins"
                    : $"candidate rule: highest offset {offset}";
                return (chosen, reason, null);
            }

            private string Unreachable()
            {
                var ids = _all.Where(o => !o.DataReachable).Select(o => o.NodeId).ToList();
                return ids.Count == 0 ? "(none)" : string.Join(", ", ids);
            }

            private FailoverPlan Refuse(string? primaryId, string? targetId, string? reason, FailoverRefusalCode code, string message) =>
                Build(primaryId, targetId, reason, null, _reachable.Count == _table.Count, 0, Array.Empty<string>(), new FailoverRefusal(code, message));

            private FailoverPlan Build(string? primaryId, string? targetId, string? reason, long? gap, bool bounded, int standIns,
                IReadOnlyList<string> steps, FailoverRefusal? refusal, string? drainUnprovable = null) =>
                new FailoverPlan(Kind, primaryId, targetId, reason, _request.Epoch, _request.EpochSource,
                    _all.Select(FailoverNodeState.From).ToArray(), gap, bounded, standIns, steps, refusal, drainUnprovable, _request.AcceptDataLoss)
                {
                    ClusterName = _table.Name,
                };
        }
    }
}
