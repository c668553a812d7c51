namespace KevyElect.Failover
{
    /// <summary>How a failover ended.</summary>
    public enum FailoverOutcome
    {
        /// <summary>
        /// The target is primary on both planes, every reachable node agrees, and it accepts writes. For a planned switchover, also:
        /// its drain proved that the target had applied every write the old primary acknowledged (see the result's Drain).
        /// </summary>
        Succeeded,
        /// <summary>Pre-flight refused; nothing was sent.</summary>
        Refused,
        /// <summary>A step failed before the cluster changed hands (e.g. FAILOVER answered an error).</summary>
        Failed,
        /// <summary>The handover was aborted (timeout or Ctrl+C during the quiesce) and the old primary kept writing.</summary>
        RolledBack,
        /// <summary>Commands were sent but the cluster did not settle on the target in time; see the steps and mismatches.</summary>
        Unknown,
        /// <summary>
        /// A planned switchover completed as <see cref="Succeeded"/> says, but without proof that no acknowledged write was lost: the
        /// drain could not be measured and the loss was accepted with -AcceptDataLoss (see the plan's DrainUnprovable).
        /// </summary>
        SucceededUnproven,
    }
}
