using KevyElect.Cluster;

namespace KevyElect.Tests.Cluster;

/// <summary>Synthetic probe rows for summary and watch tests (vector ports: n1 17204/17004, n2 17214/17014, ...).</summary>
internal static class SummaryRows
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static PeerTable Table(int n = 3) =>
        PeerTable.Parse(string.Join(",", Enumerable.Range(0, n).Select(i => $"n{i + 1}@127.0.0.1:{17204 + 10 * i}:{17004 + 10 * i}")));

    public static PeerStatus Primary(string id, long offset = 10) => new()
    {
        NodeId = id, Host = "127.0.0.1", DataReachable = true, ElectReachable = true,
        ElectRoleValue = NodeRole.Primary, DataRoleValue = NodeRole.Primary, ReplOffset = offset, ObservedAt = T0,
    };

    public static PeerStatus Replica(string id, string follows, string? dataFollows = null, long lag = 0, bool linkUp = true) => new()
    {
        NodeId = id, Host = "127.0.0.1", DataReachable = true, ElectReachable = true,
        ElectRoleValue = NodeRole.Replica, DataRoleValue = NodeRole.Replica,
        FollowsNodeId = follows, FollowsAddress = "127.0.0.1:0", DataFollowsNodeId = dataFollows ?? follows,
        LagFrames = lag, MasterLinkUp = linkUp, LinkStatus = linkUp ? "up" : "down", ObservedAt = T0,
    };

    public static PeerStatus Down(string id) => new()
    {
        NodeId = id, Host = "127.0.0.1", Error = $"connection refused: {id} at 127.0.0.1:1", ConnectionFailed = true, ObservedAt = T0,
    };

    /// <summary>A copy of <paramref name="row"/> with some fields changed.</summary>
    public static PeerStatus With(this PeerStatus row, NodeRole? electRole = null, NodeRole? dataRole = null,
        string? follows = null, string? dataFollows = null, bool clearFollows = false) => new()
    {
        NodeId = row.NodeId, Host = row.Host, DataReachable = row.DataReachable, ElectReachable = row.ElectReachable,
        ElectRoleValue = electRole ?? row.GetElectRole(), DataRoleValue = dataRole ?? row.GetDataRole(),
        FollowsNodeId = clearFollows ? null : follows ?? row.FollowsNodeId,
        FollowsAddress = clearFollows ? null : row.FollowsAddress ?? (follows == null ? null : "127.0.0.1:0"),
        DataFollowsNodeId = clearFollows ? null : dataFollows ?? row.DataFollowsNodeId,
        LagFrames = row.LagFrames, MasterLinkUp = row.MasterLinkUp, LinkStatus = row.LinkStatus,
        ReplOffset = row.ReplOffset, ObservedAt = row.ObservedAt, Error = row.Error,
    };

    public static ClusterSummary Summarize(params PeerStatus[] rows) => ClusterSummary.From(Table(rows.Length), rows);
}
