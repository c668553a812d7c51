using KevyElect.Protocol;

namespace KevyElect.Election
{
    /// <summary>What a node last heard from one peer's heartbeat.</summary>
    /// <param name="LastSeenMs">When the last HB arrived (receiver's monotonic clock).</param>
    /// <param name="Epoch">The epoch that HB carried.</param>
    /// <param name="Role">The role the peer claimed.</param>
    /// <param name="ReplOffset">The replication offset the peer claimed.</param>
    public sealed record PeerView(long LastSeenMs, ulong Epoch, ElectRole Role, ulong ReplOffset);
}
