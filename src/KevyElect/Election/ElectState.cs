using System.Collections.Generic;
using KevyElect.Protocol;

namespace KevyElect.Election
{
    /// <summary>A snapshot of one elector's state, for inspection and tests.</summary>
    /// <param name="NodeId">This node's id.</param>
    /// <param name="Role">This node's self-perceived role.</param>
    /// <param name="Epoch">The epoch this node believes is current.</param>
    /// <param name="VotedFor">The id persisted with the epoch (a vote, own candidacy or announced primary); null when none.</param>
    /// <param name="KnownPrimaryId">The primary this node follows, or null when unknown.</param>
    /// <param name="ReplOffset">This node's replication offset.</param>
    /// <param name="Votes">Distinct voters of the running candidacy (self included); empty otherwise.</param>
    /// <param name="LastAcceptEpoch">The last epoch this node gave its vote in, or null.</param>
    /// <param name="BackoffUntilMs">No candidacy before this time, or null when never backed off.</param>
    /// <param name="OfferAtMs">When the running candidacy's OFFER left, or null when not a candidate.</param>
    /// <param name="PeerViews">Last heartbeat per sender id (ids outside the peer table included).</param>
    public sealed record ElectState(
        string NodeId,
        ElectRole Role,
        ulong Epoch,
        string? VotedFor,
        string? KnownPrimaryId,
        ulong ReplOffset,
        IReadOnlyCollection<string> Votes,
        ulong? LastAcceptEpoch,
        long? BackoffUntilMs,
        long? OfferAtMs,
        IReadOnlyDictionary<string, PeerView> PeerViews);
}
