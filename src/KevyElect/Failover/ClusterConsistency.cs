using System;
using System.Collections.Generic;

namespace KevyElect.Failover
{
    /// <summary>Checks that both planes of every reachable node agree on one primary.</summary>
    public static class ClusterConsistency
    {
        /// <summary>
        /// What disagrees with <paramref name="primaryId"/> being the primary: on it, ROLE and INFO must say
        /// master; on every other reachable node ROLE must name it and INFO must replicate from it with the
        /// link up. Unreachable nodes are skipped. Empty when consistent.
        /// </summary>
        public static IReadOnlyList<string> Check(IReadOnlyList<NodeObservation> observations, string primaryId)
        {
            if (observations is null) throw new ArgumentNullException(nameof(observations));
            if (primaryId is null) throw new ArgumentNullException(nameof(primaryId));
            var problems = new List<string>();
            bool sawPrimary = false;
            foreach (NodeObservation o in observations)
            {
                if (!o.DataReachable) continue;
                if (o.NodeId == primaryId)
                {
                    sawPrimary = true;
                    if (!o.IsElectedPrimary) problems.Add($"{o.NodeId}: ROLE says slave of {o.RoleFollowsId ?? "?"}, expected master");
                    if (!o.IsDataMaster) problems.Add($"{o.NodeId}: INFO says role:slave of {o.InfoFollowsId ?? "?"}, expected role:master");
                    continue;
                }
                if (o.IsElectedPrimary) problems.Add($"{o.NodeId}: ROLE says master, expected slave of {primaryId}");
                else if (o.RoleFollowsId != primaryId) problems.Add($"{o.NodeId}: ROLE names {o.RoleFollowsId ?? "no known node"} as primary, expected {primaryId}");
                if (o.IsDataMaster) problems.Add($"{o.NodeId}: INFO says role:master, expected a replica of {primaryId}");
                else if (o.InfoFollowsId != primaryId) problems.Add($"{o.NodeId}: INFO replicates from {o.InfoFollowsId ?? "no known node"}, expected {primaryId}");
                else if (!o.LinkUp) problems.Add($"{o.NodeId}: INFO link to {primaryId} is {o.Info?.MasterLinkStatus ?? "?"}, expected up");
            }
            if (!sawPrimary) problems.Add($"{primaryId}: not reachable");
            return problems;
        }
    }
}
