using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KevyElect.Cluster
{
    /// <summary>
    /// Compares one poll with what a watch remembers and returns the events, in this order: NodeDown/NodeUp,
    /// RoleChanged, QuorumLost/QuorumRestored, SplitBrain, PrimaryChanged, LagExceeded, ViewsDisagree. Pure
    /// apart from updating the <see cref="WatchState"/>.
    /// </summary>
    /// <remarks>
    /// The first snapshot is the baseline: it reports only conditions already present (unreachable nodes
    /// as NodeDown, QuorumLost, SplitBrain, LagExceeded, ViewsDisagree), each flagged
    /// <see cref="ClusterEvent.Baseline"/>; changes are reported from the second snapshot on.
    /// A node that goes down reports NodeDown only; its roles are compared with the last ones it reported
    /// when it answers again. SplitBrain, LagExceeded and ViewsDisagree are reported when they begin and
    /// re-armed when they end.
    /// </remarks>
    public static class WatchDiff
    {
        /// <summary>The events between <paramref name="state"/> and <paramref name="current"/>; updates the state.</summary>
        /// <param name="current">This poll.</param>
        /// <param name="state">What the watch remembers; updated in place.</param>
        /// <param name="maxLagFrames">LagExceeded threshold; null: lag is not watched.</param>
        public static IReadOnlyList<ClusterEvent> Compare(ClusterSnapshot current, WatchState state, long? maxLagFrames)
        {
            if (current is null) throw new ArgumentNullException(nameof(current));
            if (state is null) throw new ArgumentNullException(nameof(state));
            bool baseline = !state.Initialized;
            DateTimeOffset now = current.Time;
            ClusterSummary summary = current.Summary;
            var events = new List<ClusterEvent>();

            ClusterEvent Event(ClusterEventKind kind, string message, string? node = null, string? old = null, string? @new = null,
                string? view = null, double? unavailableMs = null) => new ClusterEvent
            {
                ClusterName = current.Table.Name, KindValue = kind, Time = now, NodeId = node, Old = old, New = @new, View = view,
                Message = message, UnavailableMs = unavailableMs, Baseline = baseline,
            };

            foreach (PeerStatus row in current.Rows)
            {
                bool up = row.Reachable;
                bool known = state.Reachable.TryGetValue(row.NodeId, out bool wasUp);
                if (!up && (baseline || !known || wasUp))
                    events.Add(Event(ClusterEventKind.NodeDown, row.Error ?? $"{row.NodeId} is unreachable", row.NodeId, "Up", "Down"));
                else if (up && known && !wasUp)
                    events.Add(Event(ClusterEventKind.NodeUp, $"{row.NodeId} answers again ({row.ElectRole} by ROLE, {row.DataRole} by INFO)", row.NodeId, "Down", "Up"));
                state.Reachable[row.NodeId] = up;
            }

            foreach (PeerStatus row in current.Rows)
            {
                RoleChange(row.NodeId, row.GetElectRole(), state.ElectRole, "Election", "ROLE");
                RoleChange(row.NodeId, row.GetDataRole(), state.DataRole, "Data", "INFO replication");
            }

            bool quorumLost = !summary.HasQuorum;
            if (quorumLost && (baseline || !state.QuorumLost))
                events.Add(Event(ClusterEventKind.QuorumLost,
                    $"{summary.ReachableCount} of {summary.Members.Count} members reachable, the quorum is {summary.Quorum}",
                    old: Count(summary.Quorum), @new: Count(summary.ReachableCount)));
            else if (!quorumLost && state.QuorumLost && !baseline)
                events.Add(Event(ClusterEventKind.QuorumRestored,
                    $"{summary.ReachableCount} of {summary.Members.Count} members reachable again (quorum {summary.Quorum})",
                    @new: Count(summary.ReachableCount)));
            state.QuorumLost = quorumLost;

            if (summary.SplitBrain && !state.SplitBrain)
            {
                string ids = summary.ElectorPrimaryIds.Count > 1 ? string.Join(",", summary.ElectorPrimaryIds) : string.Join(",", summary.DataPrimaryIds);
                events.Add(Event(ClusterEventKind.SplitBrain, string.Join("; ", summary.Reasons), @new: ids));
            }
            state.SplitBrain = summary.SplitBrain;

            PrimaryChange(summary.WritablePrimary);

            if (maxLagFrames != null)
            {
                foreach (PeerStatus row in current.Rows)
                {
                    bool lagging = row.Reachable && row.LagFrames > maxLagFrames;
                    if (lagging && state.Lagging.Add(row.NodeId))
                        events.Add(Event(ClusterEventKind.LagExceeded, $"{row.NodeId} lags {row.LagFrames} frames (threshold {maxLagFrames})",
                            row.NodeId, Count(maxLagFrames.Value), Count(row.LagFrames!.Value)));
                    else if (!lagging)
                        state.Lagging.Remove(row.NodeId);
                }
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string?, string> d in summary.DisagreementsByNode)
            {
                seen.Add(d.Value);
                if (!state.Disagreements.Contains(d.Value))
                    events.Add(Event(ClusterEventKind.ViewsDisagree, d.Value, d.Key));
            }
            state.Disagreements.Clear();
            state.Disagreements.UnionWith(seen);

            state.Initialized = true;
            return events;

            void RoleChange(string node, NodeRole now_, Dictionary<string, NodeRole> last, string view, string source)
            {
                if (now_ == NodeRole.Unknown) return;
                if (!baseline && last.TryGetValue(node, out NodeRole before) && before != now_)
                    events.Add(Event(ClusterEventKind.RoleChanged, $"{node}: {source} says {now_} (was {before})", node, before.ToString(), now_.ToString(), view));
                last[node] = now_;
            }

            void PrimaryChange(string? primary)
            {
                if (primary == null)
                {
                    state.NoWritablePrimarySince ??= now;
                    return;
                }
                if (!baseline && primary != state.WritablePrimary)
                {
                    double gap = state.NoWritablePrimarySince is DateTimeOffset since ? Math.Round((now - since).TotalMilliseconds, 1) : 0;
                    string from = state.WritablePrimary == null ? "no writable primary" : state.WritablePrimary;
                    events.Add(Event(ClusterEventKind.PrimaryChanged,
                        $"writable primary {from} -> {primary} ({gap.ToString("0", CultureInfo.InvariantCulture)} ms without one)",
                        primary, state.WritablePrimary, primary, unavailableMs: gap));
                }
                state.WritablePrimary = primary;
                state.NoWritablePrimarySince = null;
            }
        }

        private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
