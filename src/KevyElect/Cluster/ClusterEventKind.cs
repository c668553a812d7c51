namespace KevyElect.Cluster
{
    /// <summary>What a <see cref="ClusterEvent"/> reports.</summary>
    public enum ClusterEventKind
    {
        /// <summary>A member stopped answering (client or elect port).</summary>
        NodeDown,
        /// <summary>A member answers again on both ports.</summary>
        NodeUp,
        /// <summary>A member's role changed in one view (<see cref="ClusterEvent.View"/>: Election or Data).</summary>
        RoleChanged,
        /// <summary>The writable primary moved to another node (or appeared), with the measured time without one.</summary>
        PrimaryChanged,
        /// <summary>More than one primary appeared in either view.</summary>
        SplitBrain,
        /// <summary>Fewer members reachable than the quorum.</summary>
        QuorumLost,
        /// <summary>The quorum is reachable again.</summary>
        QuorumRestored,
        /// <summary>A replica's lag went above the threshold.</summary>
        LagExceeded,
        /// <summary>A new disagreement between the election's view and the data plane's.</summary>
        ViewsDisagree,
        /// <summary>One poll's rows (only when snapshots are requested).</summary>
        Snapshot,
        /// <summary>The first poll: the watch is running, and this is the cluster's verdict as it starts (always the first event).</summary>
        Started,
        /// <summary>A poll met the watch's condition (<see cref="WatchOptions.Until"/>); the watch ends with this event.</summary>
        ConditionMet,
    }
}
