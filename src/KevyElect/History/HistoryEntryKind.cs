namespace KevyElect.History
{
    /// <summary>What a <see cref="HistoryEntry"/> records.</summary>
    public enum HistoryEntryKind
    {
        /// <summary>A run of Invoke-KevyFailover: a switchover or takeover that ran, or a plan that was refused.</summary>
        Failover,

        /// <summary>An event a watch of the cluster reported (Watch-KevyElectCluster asked to journal).</summary>
        WatchEvent,
    }
}
