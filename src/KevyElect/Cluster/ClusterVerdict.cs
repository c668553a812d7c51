namespace KevyElect.Cluster
{
    /// <summary>The overall judgement of a <see cref="ClusterSummary"/>; see its remarks for the rules.</summary>
    public enum ClusterVerdict
    {
        /// <summary>Every member reachable, one primary that both planes agree on, every replica following it.</summary>
        Healthy,
        /// <summary>Quorum and a single primary hold, but a member is unreachable, lagging, unlinked or still settling.</summary>
        Degraded,
        /// <summary>Fewer members reachable than the quorum, or no elected primary: writes cannot be accepted.</summary>
        NoQuorum,
        /// <summary>More than one primary in the electors' view or in the data plane's.</summary>
        SplitBrain,
        /// <summary>One elected primary, but the data plane writes elsewhere or a replica follows another node.</summary>
        Inconsistent,
    }
}
