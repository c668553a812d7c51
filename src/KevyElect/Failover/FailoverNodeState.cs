namespace KevyElect.Failover
{
    /// <summary>One node as the plan saw it.</summary>
    /// <param name="NodeId">The node.</param>
    /// <param name="Reachable">True when ROLE and INFO answered.</param>
    /// <param name="ElectPortReachable">True when the elect port took a connect.</param>
    /// <param name="ElectRole">ROLE's shape: <c>master</c>, <c>slave</c>, or null when unread.</param>
    /// <param name="DataRole">INFO's role: <c>master</c>, <c>slave</c>, or null when unread.</param>
    /// <param name="FollowsNodeId">The node its data plane replicates from (INFO), or null.</param>
    /// <param name="Offset">The replication offset, or null when unread.</param>
    /// <param name="LagFrames">INFO <c>slave_lag_frames</c>, or null.</param>
    /// <param name="LinkUp">INFO <c>master_link_status:up</c>.</param>
    public sealed record FailoverNodeState(string NodeId, bool Reachable, bool ElectPortReachable, string? ElectRole, string? DataRole,
        string? FollowsNodeId, long? Offset, long? LagFrames, bool LinkUp)
    {
        internal static FailoverNodeState From(NodeObservation o) => new FailoverNodeState(
            o.NodeId, o.DataReachable, o.ElectPortReachable,
            o.Role == null ? null : (o.IsElectedPrimary ? "master" : "slave"),
            o.Info == null ? null : (o.IsDataMaster ? "master" : "slave"),
            o.InfoFollowsId, o.Offset, o.LagFrames, o.LinkUp);
    }
}
