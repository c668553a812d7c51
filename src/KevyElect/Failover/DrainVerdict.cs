namespace KevyElect.Failover
{
    /// <summary>What the drain of a planned switchover proved.</summary>
    public enum DrainVerdict
    {
        /// <summary>Every shard of the target had applied everything the old primary acknowledged before it was promoted.</summary>
        NoLoss,

        /// <summary>The target had not applied everything in time, so it was not promoted (the switchover rolled back).</summary>
        Incomplete,

        /// <summary>No exact comparison could be made (accepted with -AcceptDataLoss, or the run stopped before the drain).</summary>
        Unmeasured,
    }
}
