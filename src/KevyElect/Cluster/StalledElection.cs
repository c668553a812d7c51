using System.Collections.Generic;
using System.Linq;

namespace KevyElect.Cluster
{
    /// <summary>
    /// Recognises the cluster state the election rules cannot leave by themselves: most reachable electors
    /// follow a node that answers as a replica (a primary restarted before they saw it DOWN: its heartbeats
    /// keep it alive in their views, so no candidacy starts, and unless it is the best candidate it never
    /// starts one either). Only a takeover, an ANNOUNCE at a higher epoch, ends it.
    /// </summary>
    public static class StalledElection
    {
        /// <summary>What was found: the node followed and the electors that follow it.</summary>
        public sealed class Finding
        {
            internal Finding(string followedId, IReadOnlyList<string> followerIds)
            {
                FollowedId = followedId;
                FollowerIds = followerIds;
            }

            /// <summary>The node the electors name as primary, which answers as a replica.</summary>
            public string FollowedId { get; }

            /// <summary>The electors that name it, in input order.</summary>
            public IReadOnlyList<string> FollowerIds { get; }

            /// <summary>One sentence for a refusal or a verdict reason.</summary>
            public string Describe() =>
                $"{string.Join(", ", FollowerIds)} still follow '{FollowedId}', which answers as a replica (restarted before they saw it down?), so no election will start by itself";
        }

        /// <summary>
        /// The stall among reachable nodes whose ROLE was read, or null: more than half of the other nodes
        /// follow one node and that node's ROLE does not say master.
        /// </summary>
        /// <param name="nodes">Each reachable node: its id, the member its ROLE names as primary (null if none or it is one), and whether its ROLE says master.</param>
        public static Finding? Find(IReadOnlyCollection<(string NodeId, string? FollowsId, bool IsElectedPrimary)> nodes)
        {
            if (nodes is null) throw new System.ArgumentNullException(nameof(nodes));
            var followed = nodes.Where(n => n.FollowsId != null).GroupBy(n => n.FollowsId!).OrderByDescending(g => g.Count()).FirstOrDefault();
            if (followed == null || followed.Count() * 2 <= nodes.Count - 1) return null;
            bool answersAsReplica = nodes.Any(n => n.NodeId == followed.Key && !n.IsElectedPrimary);
            return answersAsReplica ? new Finding(followed.Key, followed.Select(n => n.NodeId).ToList()) : null;
        }
    }
}
