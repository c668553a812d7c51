using System;
using System.Collections.Generic;
using KevyElect.DataPlane;

namespace KevyElect.Cluster
{
    /// <summary>
    /// One member as a probe saw it: the election's view (ROLE), the data plane's view (INFO replication)
    /// and whether its elect port accepts connections. Problems are reported in <see cref="Error"/>, never thrown.
    /// </summary>
    public sealed class PeerStatus
    {
        private static readonly IReadOnlyList<string> None = Array.Empty<string>();

        /// <summary>The member's id.</summary>
        public string NodeId { get; init; } = string.Empty;

        /// <summary>The member's host.</summary>
        public string Host { get; init; } = string.Empty;

        /// <summary>The data-plane (client) port.</summary>
        public int ClientPort { get; init; }

        /// <summary>The elect port.</summary>
        public int ElectPort { get; init; }

        /// <summary>True when both planes answered: ROLE on the client port and a TCP connect on the elect port.</summary>
        public bool Reachable => DataReachable && ElectReachable;

        /// <summary>True when the client port answered ROLE with a usable reply.</summary>
        public bool DataReachable { get; init; }

        /// <summary>True when the elect port accepted a TCP connection.</summary>
        public bool ElectReachable { get; init; }

        /// <summary>The election's view (ROLE), by name: Primary, Replica, Candidate or Unknown.</summary>
        public string ElectRole => ElectRoleValue.ToString();

        /// <summary>The data plane's view (INFO replication <c>role</c>), by name.</summary>
        public string DataRole => DataRoleValue.ToString();

        /// <summary>The election's view as the enum.</summary>
        public NodeRole GetElectRole() => ElectRoleValue;

        /// <summary>The data plane's view as the enum.</summary>
        public NodeRole GetDataRole() => DataRoleValue;

        /// <summary>The election's view; public as <see cref="ElectRole"/> (a name, so JSON output reads it).</summary>
        internal NodeRole ElectRoleValue { get; init; }

        /// <summary>The data plane's view; public as <see cref="DataRole"/>.</summary>
        internal NodeRole DataRoleValue { get; init; }

        /// <summary>True when both views are known and equal.</summary>
        public bool RoleAgrees => ElectRoleValue != NodeRole.Unknown && ElectRoleValue == DataRoleValue;

        /// <summary>
        /// The member this replica follows: ROLE's primary (host plus elect port) resolved against the peer
        /// table, or, when ROLE names none, INFO's <c>master_host</c>/<c>master_port</c>. Null on a primary,
        /// when nothing is named, or when the address is not a member (see <see cref="FollowsAddress"/>).
        /// </summary>
        public string? FollowsNodeId { get; init; }

        /// <summary>The address behind <see cref="FollowsNodeId"/> as the node reported it (<c>host:port</c>).</summary>
        public string? FollowsAddress { get; init; }

        /// <summary>The member the data plane replicates from (INFO <c>master_host</c> plus replication port), or null.</summary>
        public string? DataFollowsNodeId { get; init; }

        /// <summary>INFO's <c>master_host:master_port</c>, or null.</summary>
        public string? DataFollowsAddress { get; init; }

        /// <summary>The replication offset: INFO's (master or replica offset), else ROLE's.</summary>
        public long? ReplOffset { get; init; }

        /// <summary>INFO <c>slave_lag_frames</c> of a data-plane replica (0 = caught up); null on a primary.</summary>
        public long? LagFrames { get; init; }

        /// <summary>A replica's link: INFO <c>master_link_status</c> (up/down), else ROLE's state (connect/sync/connected).</summary>
        public string? LinkStatus { get; init; }

        /// <summary>INFO <c>master_link_status:up</c> of a data-plane replica; null when not a replica.</summary>
        public bool? MasterLinkUp { get; init; }

        /// <summary>Round trip of the probe's ROLE and INFO replication (sent together, pipelined), in milliseconds.</summary>
        public double? LatencyMs { get; init; }

        /// <summary>Time to connect to the elect port, in milliseconds (until the failure when unreachable).</summary>
        public double? ElectLatencyMs { get; init; }

        /// <summary>The replicas a primary reports (ROLE and INFO), as member ids, or <c>host:port</c> for a non-member.</summary>
        public IReadOnlyList<string> ReplicaIds { get; init; } = None;

        /// <summary>
        /// The Follows column: the node ROLE names as primary (its id, else its address), and the data plane's source in
        /// parentheses when INFO names another node.
        /// </summary>
        public string? Follows
        {
            get
            {
                string? elector = FollowsNodeId ?? FollowsAddress;
                return DataFollowsNodeId != null && DataFollowsNodeId != FollowsNodeId ? $"{elector} (data: {DataFollowsNodeId})" : elector;
            }
        }

        /// <summary>The Offset column: <see cref="ReplOffset"/>.</summary>
        public long? Offset => ReplOffset;

        /// <summary>The Lag column: <see cref="LagFrames"/>.</summary>
        public long? Lag => LagFrames;

        /// <summary>The Link column: <see cref="LinkStatus"/>.</summary>
        public string? Link => LinkStatus;

        /// <summary>What went wrong probing this node, cause first, e.g. <c>connection refused: n2 at 127.0.0.1:6014</c>; null when nothing did.</summary>
        public string? Error { get; init; }

        /// <summary>When the probe of this node started.</summary>
        public DateTimeOffset ObservedAt { get; init; }

        /// <summary>
        /// The cluster this row belongs to in peer-table syntax (<c>n1@host:elect:client,...</c>), so rows pipe into
        /// other cluster cmdlets by property name (-Peers takes this syntax) and serialize as one readable line.
        /// </summary>
        public string? Peers => Table?.ToString();

        /// <summary>The cluster this row belongs to.</summary>
        public PeerTable? GetPeerTable() => Table;

        /// <summary>The name of the cluster this row belongs to (its inventory name), or null for a cluster named only by its peer table.</summary>
        public string? ClusterName => Table?.Name;

        internal PeerTable? Table { get; init; }

        /// <summary>
        /// True when the node answered <c>-LOADING</c> (a replica loading its primary's snapshot, as a real kevy replica does
        /// after every promotion): it is up, and ROLE and INFO will answer again in a moment.
        /// </summary>
        public bool IsLoading { get; init; }

        /// <summary>True when a connection could not be made or timed out (as opposed to an error or unusable reply).</summary>
        public bool ConnectionFailed { get; init; }

        internal RoleReply? RoleReplyValue { get; init; }

        internal ReplicationInfo? ReplicationValue { get; init; }

        /// <summary>The parsed ROLE reply, or null. (A method, so serializers skip it.)</summary>
        public RoleReply? GetRoleReply() => RoleReplyValue;

        /// <summary>The parsed INFO replication reply, or null. (A method, so serializers skip it.)</summary>
        public ReplicationInfo? GetReplicationInfo() => ReplicationValue;

        /// <inheritdoc />
        public override string ToString() =>
            NodeId + " " + (Reachable ? ElectRole + "/" + DataRole : "unreachable" + (Error == null ? string.Empty : ": " + Error));
    }
}
