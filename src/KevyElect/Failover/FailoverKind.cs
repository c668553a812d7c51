namespace KevyElect.Failover
{
    /// <summary>The two ways to move the primary.</summary>
    public enum FailoverKind
    {
        /// <summary>The primary is alive: a zero-loss handover (FAILOVER) that also brings every elector along (ANNOUNCE).</summary>
        Planned,
        /// <summary>The primary is unreachable or the cluster cannot elect: announce the target at a higher epoch; writes can be lost.</summary>
        Takeover,
    }
}
