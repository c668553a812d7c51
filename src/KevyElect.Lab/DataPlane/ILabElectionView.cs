namespace KevyElect.Lab
{
    /// <summary>
    /// What a lab node's data plane needs to know about its elector. The data plane reads it
    /// outside its own lock, so an implementation may take its own lock freely.
    /// </summary>
    public interface ILabElectionView
    {
        /// <summary>This node's id (a member of the peer directory).</summary>
        string NodeId { get; }

        /// <summary>True while the election role is primary: ROLE then answers in the master shape.</summary>
        bool IsElectedPrimary { get; }

        /// <summary>
        /// The primary lease: false when an elected primary no longer sees a strict majority.
        /// Writes on an elected primary without it answer <c>-NOREPLICAS primary lost quorum; writes fenced</c>.
        /// </summary>
        bool HasWriteQuorum { get; }

        /// <summary>The primary this elector follows (named by ROLE on a replica), or null when none is known.</summary>
        string? KnownPrimaryId { get; }
    }
}
