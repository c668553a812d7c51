using System;
using KevyElect.Cluster;
using KevyElect.Protocol;

namespace KevyElect.Failover
{
    /// <summary>
    /// Which elect frames can change who writes in a cluster, and how: OFFER, ACCEPT and ANNOUNCE, an HB claiming
    /// primary, and an HB under an id outside the peer table (a real node counts it toward its majority). A replica or
    /// candidate HB under a member's id changes nothing an operator would notice.
    /// </summary>
    public static class ElectFrameRisk
    {
        /// <summary>How <paramref name="message"/> can change who writes in the cluster of <paramref name="table"/>; null when it cannot.</summary>
        public static string? Assess(ElectMessage message, PeerTable table)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            if (table is null) throw new ArgumentNullException(nameof(table));
            switch (message)
            {
                case HbMessage hb when table.Find(hb.NodeId) is null:
                    return $"'{hb.NodeId}' is not in the peer table: a node counts it toward its majority (and follows it if it claims primary at a higher epoch)";
                case HbMessage hb when hb.GetRole() == ElectRole.Primary:
                    return $"nodes below epoch {hb.Epoch} follow '{hb.NodeId}' and their primary steps down";
                case HbMessage _:
                    return null;
                case OfferMessage o:
                    return $"a node below epoch {o.Epoch} votes for '{o.CandidateId}', persisting the vote and stepping down if primary";
                case AcceptMessage a:
                    return $"counts as a vote of '{a.AccepterId}' for a candidate in epoch {a.Epoch}";
                case AnnounceMessage an:
                    return $"nodes at or below epoch {an.Epoch} adopt '{an.NewPrimaryId}' as primary; the old primary demotes";
                default:
                    return "unknown frame";
            }
        }
    }
}
