using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KevyElect.Cluster
{
    /// <summary>
    /// A state to wait for, judged from one <see cref="ClusterSummary"/>: a verdict (any of several), a given
    /// writable primary, every replica caught up. Every part that is set must hold; an empty condition holds always.
    /// </summary>
    public sealed class ClusterCondition
    {
        private static readonly ClusterVerdict[] NoVerdicts = Array.Empty<ClusterVerdict>();

        /// <summary>Creates a condition.</summary>
        /// <param name="verdicts">Verdicts that satisfy it (any one of them); null or empty: any verdict.</param>
        /// <param name="writablePrimary">The member that must be the writable primary; null: any, or none.</param>
        /// <param name="caughtUp">Every member other than the writable primary must replicate from it with its link up and lag 0.</param>
        public ClusterCondition(IEnumerable<ClusterVerdict>? verdicts = null, string? writablePrimary = null, bool caughtUp = false)
        {
            Verdicts = verdicts?.Distinct().ToArray() ?? NoVerdicts;
            WritablePrimary = string.IsNullOrEmpty(writablePrimary) ? null : writablePrimary;
            CaughtUp = caughtUp;
        }

        /// <summary>The verdict Healthy and nothing else.</summary>
        public static ClusterCondition Healthy { get; } = new ClusterCondition(new[] { ClusterVerdict.Healthy });

        /// <summary>The verdicts that satisfy the condition; empty: any verdict.</summary>
        public IReadOnlyList<ClusterVerdict> Verdicts { get; }

        /// <summary>The member that must be the writable primary, or null.</summary>
        public string? WritablePrimary { get; }

        /// <summary>True when every replica must be caught up with the writable primary.</summary>
        public bool CaughtUp { get; }

        /// <summary>True when nothing is asked for (the condition holds for every summary).</summary>
        public bool IsEmpty => Verdicts.Count == 0 && WritablePrimary == null && !CaughtUp;

        /// <summary>
        /// Refuses a condition that no state of <paramref name="table"/> can meet: a writable primary that is not a member.
        /// </summary>
        /// <exception cref="ArgumentException">The writable primary is not in the table; the message names the members.</exception>
        public void Validate(PeerTable table)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (WritablePrimary != null && table.Find(WritablePrimary) == null)
                throw new ArgumentException(
                    $"'{WritablePrimary}' is not a member of the cluster ({string.Join(", ", table.Select(p => p.Id))}), so it can never be the writable primary.",
                    nameof(table));
        }

        /// <summary>True when <paramref name="summary"/> satisfies every part of the condition.</summary>
        public bool IsMetBy(ClusterSummary summary) => WhyNot(summary).Count == 0;

        /// <summary>
        /// Why <paramref name="summary"/> does not satisfy the condition, one line per unmet part (the verdict's line carries
        /// the summary's reasons); empty when it does.
        /// </summary>
        public IReadOnlyList<string> WhyNot(ClusterSummary summary)
        {
            if (summary is null) throw new ArgumentNullException(nameof(summary));
            var why = new List<string>();
            if (Verdicts.Count > 0 && !Verdicts.Contains(summary.GetVerdict()))
                why.Add($"the verdict is {summary.Verdict}, not {Or(Verdicts.Select(v => v.ToString()))}"
                    + (summary.Reasons.Count > 0 ? ": " + string.Join("; ", summary.Reasons) : string.Empty));
            if (WritablePrimary != null && summary.WritablePrimary != WritablePrimary)
                why.Add(summary.WritablePrimary == null
                    ? $"no node is the writable primary, not {WritablePrimary} either"
                    : $"the writable primary is {summary.WritablePrimary}, not {WritablePrimary}");
            if (CaughtUp) why.AddRange(NotCaughtUp(summary));
            return why;
        }

        private static IEnumerable<string> NotCaughtUp(ClusterSummary summary)
        {
            string? primary = summary.WritablePrimary;
            if (primary == null)
            {
                yield return "no writable primary for the replicas to catch up with";
                yield break;
            }
            foreach (string id in summary.Members.Where(m => m != primary))
            {
                PeerStatus? row = summary.Rows.FirstOrDefault(r => r.NodeId == id);
                if (row == null || !row.DataReachable)
                    yield return $"{id} is not caught up: its data plane does not answer";
                else if (row.GetDataRole() != NodeRole.Replica || row.DataFollowsNodeId != primary)
                    yield return $"{id} is not caught up: it does not replicate from {primary}"
                        + (row.GetDataRole() == NodeRole.Primary ? " (INFO says role:master)"
                            : row.DataFollowsNodeId != null ? $" but from {row.DataFollowsNodeId}" : string.Empty);
                else if (row.MasterLinkUp != true)
                    yield return $"{id} is not caught up: its replication link is {row.LinkStatus ?? "not up"}";
                else if (row.LagFrames != 0)
                    yield return $"{id} is not caught up: " + (row.LagFrames is long lag
                        ? $"it lags {lag.ToString(CultureInfo.InvariantCulture)} frames"
                        : "INFO reports no slave_lag_frames");
            }
        }

        private static string Or(IEnumerable<string> items)
        {
            string[] all = items.ToArray();
            return all.Length == 1 ? all[0] : string.Join(", ", all, 0, all.Length - 1) + " or " + all[all.Length - 1];
        }

        /// <summary>What the condition asks for, e.g. <c>verdict Healthy, n2 writable, every replica caught up</c>.</summary>
        public override string ToString()
        {
            var parts = new List<string>();
            if (Verdicts.Count > 0) parts.Add("verdict " + Or(Verdicts.Select(v => v.ToString())));
            if (WritablePrimary != null) parts.Add(WritablePrimary + " writable");
            if (CaughtUp) parts.Add("every replica caught up");
            return parts.Count == 0 ? "any state" : string.Join(", ", parts);
        }
    }
}
