using System;
using System.Collections.Generic;
using System.Linq;

namespace KevyElect.Cluster
{
    /// <summary>
    /// One judgement of a cluster from a probe's rows: membership, quorum, the primary by each plane,
    /// the disagreements between planes, and a <see cref="Verdict"/> with its reasons.
    /// </summary>
    /// <remarks>
    /// <para>Rules, first match wins (ROLE, the electors' view, is authoritative):</para>
    /// <list type="number">
    /// <item><b>SplitBrain</b>: more than one reachable node says primary in ROLE, or more than one in INFO.</item>
    /// <item><b>NoQuorum</b>: fewer reachable members (both planes answering) than the quorum N/2+1,
    /// or no reachable node is primary by ROLE (e.g. the first seconds after a cold start). One exception:
    /// when the only node whose ROLE is unknown answers -LOADING and every other reachable node follows it,
    /// the cluster is Degraded (a primary loading a snapshot after a resync).</item>
    /// <item><b>Inconsistent</b>: the data plane's primary (INFO role:master) is not the elected primary;
    /// or a reachable replica follows another node than the elected primary in either view (a chain).</item>
    /// <item><b>Degraded</b>: a member is unreachable; a replica's link is down or it lags more than the
    /// lag threshold; a replica names no primary yet; or the elected primary's INFO still says role:slave
    /// while no node's INFO says master (normal for a moment after a crash election).</item>
    /// <item><b>Healthy</b>: none of the above.</item>
    /// </list>
    /// <para>The known transients of the reference are not Inconsistent: a cold start has no elected
    /// primary yet (NoQuorum, with a reason saying so), and a freshly elected primary may report
    /// role:slave in INFO (Degraded).</para>
    /// </remarks>
    public sealed class ClusterSummary
    {
        /// <summary>Lag above which a replica makes the cluster Degraded when no threshold is given: 1000 frames.</summary>
        public const long DefaultMaxLagFrames = 1000;

        private ClusterSummary(PeerTable table) => Table = table;

        /// <summary>When the earliest row was observed.</summary>
        public DateTimeOffset ObservedAt { get; private set; }

        /// <summary>The verdict by name (Healthy, Degraded, NoQuorum, SplitBrain, Inconsistent); see the class remarks.</summary>
        public string Verdict => VerdictValue.ToString();

        /// <summary>The verdict as the enum.</summary>
        public ClusterVerdict GetVerdict() => VerdictValue;

        private ClusterVerdict VerdictValue { get; set; }

        /// <summary>Why the verdict is what it is (empty when Healthy).</summary>
        public IReadOnlyList<string> Reasons { get; private set; } = Array.Empty<string>();

        /// <summary>The member ids, in table order.</summary>
        public IReadOnlyList<string> Members { get; private set; } = Array.Empty<string>();

        /// <summary>Votes needed to elect: N/2 + 1.</summary>
        public int Quorum { get; private set; }

        /// <summary>Members whose client and elect ports both answered.</summary>
        public int ReachableCount { get; private set; }

        /// <summary>The Reachable line: <c>3 of 3 (quorum 2)</c>.</summary>
        public string Reachable => $"{ReachableCount} of {Members.Count} (quorum {Quorum})";

        /// <summary>True when <see cref="ReachableCount"/> reaches <see cref="Quorum"/>.</summary>
        public bool HasQuorum => ReachableCount >= Quorum;

        /// <summary>The reachable members whose ROLE says master.</summary>
        public IReadOnlyList<string> ElectorPrimaryIds { get; private set; } = Array.Empty<string>();

        /// <summary>The members whose INFO replication says role:master.</summary>
        public IReadOnlyList<string> DataPrimaryIds { get; private set; } = Array.Empty<string>();

        /// <summary>The single primary by ROLE, or null (none, or several).</summary>
        public string? ElectorPrimary { get; private set; }

        /// <summary>The single primary by INFO, or null (none, or several).</summary>
        public string? DataPrimary { get; private set; }

        /// <summary>
        /// The node that accepts writes, as far as the planes tell: null without quorum, in a split brain or
        /// with no elected primary; the data plane's primary when the elected primary's own data plane is a
        /// replica of it (after a bare FAILOVER writes follow the data plane); else the elected primary.
        /// </summary>
        public string? WritablePrimary { get; private set; }

        /// <summary>More than one primary in either view.</summary>
        public bool SplitBrain { get; private set; }

        /// <summary>Where the two views disagree, one line each (e.g. <c>n1: ROLE says Primary, INFO says Replica</c>).</summary>
        public IReadOnlyList<string> Disagreements { get; private set; } = Array.Empty<string>();

        /// <summary>The peer table's lint warnings (fault tolerance of its size).</summary>
        public IReadOnlyList<string> Warnings { get; private set; } = Array.Empty<string>();

        /// <summary>
        /// The cluster judged, in peer-table syntax (<c>n1@host:elect:client,...</c>), so a summary pipes into other cluster
        /// cmdlets by property name (-Peers takes this syntax).
        /// </summary>
        public string Peers => Table.ToString();

        /// <summary>The name of the cluster judged (its inventory name), or null for a cluster named only by its peer table.</summary>
        public string? ClusterName => Table.Name;

        /// <summary>The cluster judged. (A method, so the summary serializes flat.)</summary>
        public PeerTable GetPeerTable() => Table;

        internal PeerTable Table { get; }

        /// <summary>The members' rows the summary was built from. (A method, so the summary serializes flat.)</summary>
        public IReadOnlyList<PeerStatus> GetRows() => Rows;

        internal IReadOnlyList<PeerStatus> Rows { get; private set; } = Array.Empty<PeerStatus>();

        /// <summary>Disagreements with the node each is about (null for cluster-wide ones).</summary>
        internal IReadOnlyList<KeyValuePair<string?, string>> DisagreementsByNode { get; private set; } = Array.Empty<KeyValuePair<string?, string>>();

        /// <summary>Judges a cluster from its probe rows (rows for ids outside the table are ignored; missing members count as unreachable).</summary>
        public static ClusterSummary From(PeerTable table, IReadOnlyList<PeerStatus> rows) => From(table, rows, DefaultMaxLagFrames);

        /// <summary>Judges a cluster; a replica lagging more than <paramref name="maxLagFrames"/> makes it Degraded.</summary>
        public static ClusterSummary From(PeerTable table, IReadOnlyList<PeerStatus> rows, long maxLagFrames)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (rows is null) throw new ArgumentNullException(nameof(rows));
            if (maxLagFrames < 0) throw new ArgumentOutOfRangeException(nameof(maxLagFrames), maxLagFrames, "the lag threshold must not be negative");

            var byId = new Dictionary<string, PeerStatus>(StringComparer.Ordinal);
            foreach (PeerStatus row in rows)
                if (row != null && table.Find(row.NodeId) != null && !byId.ContainsKey(row.NodeId)) byId[row.NodeId] = row;
            List<PeerStatus> members = table.Select(p => byId.TryGetValue(p.Id, out PeerStatus? r) ? r : null).Where(r => r != null).Select(r => r!).ToList();
            List<PeerStatus> reachable = members.Where(r => r.Reachable).ToList();

            var s = new ClusterSummary(table)
            {
                ObservedAt = members.Count == 0 ? DateTimeOffset.UtcNow : members.Min(r => r.ObservedAt),
                Members = table.Select(p => p.Id).ToArray(),
                Quorum = table.Quorum,
                ReachableCount = reachable.Count,
                ElectorPrimaryIds = reachable.Where(r => r.GetElectRole() == NodeRole.Primary).Select(r => r.NodeId).ToArray(),
                DataPrimaryIds = members.Where(r => r.GetDataRole() == NodeRole.Primary).Select(r => r.NodeId).ToArray(),
                Warnings = table.Warnings,
                Rows = members,
            };
            s.ElectorPrimary = s.ElectorPrimaryIds.Count == 1 ? s.ElectorPrimaryIds[0] : null;
            s.DataPrimary = s.DataPrimaryIds.Count == 1 ? s.DataPrimaryIds[0] : null;
            s.SplitBrain = s.ElectorPrimaryIds.Count > 1 || s.DataPrimaryIds.Count > 1;
            s.DisagreementsByNode = FindDisagreements(s, members);
            s.Disagreements = s.DisagreementsByNode.Select(d => d.Value).ToArray();
            s.WritablePrimary = Writable(s, byId);
            Judge(s, table, members, byId, maxLagFrames);
            return s;
        }

        private static string? Writable(ClusterSummary s, Dictionary<string, PeerStatus> byId)
        {
            if (s.SplitBrain || !s.HasQuorum || s.ElectorPrimary == null) return null;
            PeerStatus elected = byId[s.ElectorPrimary];
            if (elected.GetDataRole() == NodeRole.Replica && s.DataPrimary != null && s.DataPrimary != s.ElectorPrimary
                && byId.TryGetValue(s.DataPrimary, out PeerStatus? data) && data.DataReachable)
                return s.DataPrimary;
            return s.ElectorPrimary;
        }

        private static List<KeyValuePair<string?, string>> FindDisagreements(ClusterSummary s, List<PeerStatus> members)
        {
            var found = new List<KeyValuePair<string?, string>>();
            void Add(string? node, string text) => found.Add(new KeyValuePair<string?, string>(node, text));

            foreach (PeerStatus r in members)
            {
                if (r.GetElectRole() != NodeRole.Unknown && r.GetDataRole() != NodeRole.Unknown && r.GetElectRole() != r.GetDataRole())
                    Add(r.NodeId, $"{r.NodeId}: ROLE says {r.ElectRole}, INFO says {r.DataRole}");
                if (r.GetElectRole() == NodeRole.Replica && r.FollowsNodeId != null && r.DataFollowsNodeId != null && r.FollowsNodeId != r.DataFollowsNodeId)
                    Add(r.NodeId, $"{r.NodeId}: ROLE follows {r.FollowsNodeId}, INFO replicates from {r.DataFollowsNodeId}");
            }
            if (s.ElectorPrimary != null && s.DataPrimary != null && s.ElectorPrimary != s.DataPrimary)
                Add(null, $"the electors' primary is {s.ElectorPrimary}, the data plane's is {s.DataPrimary}");
            return found;
        }

        private static void Judge(ClusterSummary s, PeerTable table, List<PeerStatus> members, Dictionary<string, PeerStatus> byId, long maxLag)
        {
            var reasons = new List<string>();

            if (s.SplitBrain)
            {
                if (s.ElectorPrimaryIds.Count > 1) reasons.Add("more than one primary by ROLE: " + string.Join(", ", s.ElectorPrimaryIds));
                if (s.DataPrimaryIds.Count > 1) reasons.Add("more than one primary by INFO replication: " + string.Join(", ", s.DataPrimaryIds));
                Finish(s, ClusterVerdict.SplitBrain, reasons);
                return;
            }

            if (!s.HasQuorum)
                reasons.Add($"{s.ReachableCount} of {s.Members.Count} members reachable, the quorum is {s.Quorum}: no election can succeed and a primary fences its writes");
            if (s.ElectorPrimary == null && s.HasQuorum && LoadingPrimary(members) is string loading)
            {
                // kevy refuses ROLE with -LOADING while a node loads a snapshot; the electors still name it primary.
                reasons.Add($"{loading} answers -LOADING to ROLE, so its role is not known yet; every reachable replica follows it (normal for a moment after a resync)");
                Finish(s, ClusterVerdict.Degraded, reasons);
                return;
            }
            if (s.ElectorPrimary == null)
            {
                foreach (PeerStatus r in members.Where(IsLoadingWithoutRole))
                    reasons.Add($"{r.NodeId} answers -LOADING to ROLE, so whether it is primary is not known yet");
                reasons.Add("no reachable node is primary by ROLE" + (s.HasQuorum ? " (normal for about 5 s after a cold start or a primary crash)" : string.Empty));
                StalledElection.Finding? stall = s.HasQuorum
                    ? StalledElection.Find(members.Where(r => r.Reachable && r.GetElectRole() != NodeRole.Unknown)
                        .Select(r => (r.NodeId, r.FollowsNodeId, r.GetElectRole() == NodeRole.Primary)).ToList())
                    : null;
                if (stall != null) reasons.Add(stall.Describe() + "; if it lasts, Invoke-KevyFailover -Takeover ends it");
            }
            if (reasons.Count > 0)
            {
                Finish(s, ClusterVerdict.NoQuorum, reasons);
                return;
            }

            string primary = s.ElectorPrimary!;
            if (s.DataPrimary != null && s.DataPrimary != primary)
                reasons.Add($"the data plane's primary is {s.DataPrimary} but the electors elected {primary} (a FAILOVER without an ANNOUNCE?)");
            foreach (PeerStatus r in members.Where(r => r.Reachable && r.GetElectRole() == NodeRole.Replica))
            {
                if (r.FollowsNodeId != null && r.FollowsNodeId != primary)
                    reasons.Add($"{r.NodeId} follows {r.FollowsNodeId} by ROLE, not the primary {primary}");
                else if (r.FollowsNodeId == null && r.FollowsAddress != null)
                    reasons.Add($"{r.NodeId} follows {r.FollowsAddress} by ROLE, which is not a member");
                // Still pointing at a node that is gone is a replica catching up with an election (Degraded, below).
                if (r.DataFollowsNodeId != null && r.DataFollowsNodeId != primary && byId.TryGetValue(r.DataFollowsNodeId, out PeerStatus? source) && source.DataReachable)
                    reasons.Add($"{r.NodeId} replicates from {r.DataFollowsNodeId}, not the elected primary {primary}" + (r.DataFollowsNodeId == s.DataPrimary ? string.Empty : " (a chain)"));
            }
            if (reasons.Count > 0)
            {
                Finish(s, ClusterVerdict.Inconsistent, reasons);
                return;
            }

            foreach (PeerSpec peer in table)
            {
                if (!byId.TryGetValue(peer.Id, out PeerStatus? r))
                    reasons.Add($"{peer.Id} was not probed");
                else if (!r.Reachable)
                    reasons.Add(r.Error ?? $"{peer.Id} is unreachable");
            }
            PeerStatus elected = byId[primary];
            if (elected.GetDataRole() == NodeRole.Replica)
                reasons.Add($"{primary} is the elected primary but its INFO still says role:slave (normal for a moment after a crash election)");
            foreach (PeerStatus r in members.Where(r => r.Reachable && r.NodeId != primary))
            {
                if (r.GetElectRole() == NodeRole.Replica && r.FollowsNodeId == null && r.FollowsAddress == null)
                    reasons.Add($"{r.NodeId} names no primary yet");
                if (r.GetElectRole() == NodeRole.Replica && r.DataFollowsNodeId != null && r.DataFollowsNodeId != primary)
                    reasons.Add($"{r.NodeId} still replicates from the unreachable {r.DataFollowsNodeId}");
                if (r.IsLoading)
                    reasons.Add($"{r.NodeId} is loading its primary's snapshot (-LOADING; normal for a moment after a resync)");
                if (r.MasterLinkUp == false)
                    reasons.Add($"{r.NodeId}'s replication link is down");
                if (r.LagFrames > maxLag)
                    reasons.Add($"{r.NodeId} lags {r.LagFrames} frames (more than {maxLag})");
            }
            Finish(s, reasons.Count > 0 ? ClusterVerdict.Degraded : ClusterVerdict.Healthy, reasons);
        }

        private static bool IsLoadingWithoutRole(PeerStatus r) => r.Reachable && r.IsLoading && r.GetElectRole() == NodeRole.Unknown;

        /// <summary>The one loading node that every reachable replica's elector follows, or null.</summary>
        private static string? LoadingPrimary(List<PeerStatus> members)
        {
            List<PeerStatus> loading = members.Where(IsLoadingWithoutRole).ToList();
            if (loading.Count != 1) return null;
            List<PeerStatus> others = members.Where(r => r.Reachable && r.NodeId != loading[0].NodeId).ToList();
            return others.Count > 0 && others.All(r => r.GetElectRole() == NodeRole.Replica && r.FollowsNodeId == loading[0].NodeId)
                ? loading[0].NodeId
                : null;
        }

        private static void Finish(ClusterSummary s, ClusterVerdict verdict, List<string> reasons)
        {
            s.VerdictValue = verdict;
            s.Reasons = reasons;
        }

        /// <inheritdoc />
        public override string ToString() =>
            Verdict + (ElectorPrimary == null ? string.Empty : ", primary " + ElectorPrimary) + $", {ReachableCount}/{Members.Count} reachable";
    }
}
