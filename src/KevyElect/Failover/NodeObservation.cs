using System;
using KevyElect.Cluster;
using KevyElect.DataPlane;

namespace KevyElect.Failover
{
    /// <summary>
    /// What one read of a node showed: its ROLE (the election's view), its INFO replication (the data
    /// plane's view) and whether its elect port took a TCP connect. Both views are kept because they
    /// disagree in normal operation; the failover logic says which one each decision uses.
    /// </summary>
    public sealed class NodeObservation
    {
        /// <summary>Creates an observation; the primaries named by ROLE and INFO are matched against <paramref name="table"/>.</summary>
        /// <param name="table">The cluster's peer table.</param>
        /// <param name="peer">The node observed (a member of <paramref name="table"/>).</param>
        /// <param name="role">The ROLE reply, or null when it could not be read.</param>
        /// <param name="info">The INFO replication reply, or null when it could not be read.</param>
        /// <param name="electPortReachable">True when a TCP connect to the elect port succeeded.</param>
        /// <param name="error">Why a view is missing, or null.</param>
        /// <param name="replToken">The node's REPL.TOKEN reply, or null when not read or refused.</param>
        /// <param name="replTokenError">Why <paramref name="replToken"/> is missing (the error reply), or null.</param>
        /// <param name="isLoading">True when the node answered -LOADING (it is loading a snapshot).</param>
        public NodeObservation(PeerTable table, PeerSpec peer, RoleReply? role, ReplicationInfo? info, bool electPortReachable, string? error = null,
            ReplToken? replToken = null, string? replTokenError = null, bool isLoading = false)
        {
            IsLoading = isLoading;
            ReplToken = replToken;
            ReplTokenError = replTokenError;
            if (table is null) throw new ArgumentNullException(nameof(table));
            Peer = peer ?? throw new ArgumentNullException(nameof(peer));
            Role = role;
            Info = info;
            ElectPortReachable = electPortReachable;
            Error = error;
            if (role != null && role.Kind == ReplicationRole.Slave && !string.IsNullOrEmpty(role.PrimaryHost))
                RoleFollowsId = table.FindByEndpoint(role.PrimaryHost!, role.PrimaryPort)?.Id;
            if (info != null && info.Role == ReplicationRole.Slave && info.MasterHost != null && info.MasterPort != null)
                InfoFollowsId = table.FindByEndpoint(info.MasterHost, info.MasterPort.Value)?.Id;
        }

        /// <summary>The node's peer-table entry.</summary>
        public PeerSpec Peer { get; }

        /// <summary>The node's id.</summary>
        public string NodeId => Peer.Id;

        /// <summary>The ROLE reply (the election's view), or null.</summary>
        public RoleReply? Role { get; }

        /// <summary>The INFO replication reply (the data plane's view), or null.</summary>
        public ReplicationInfo? Info { get; }

        /// <summary>True when the elect port accepted a TCP connect (no frame was sent).</summary>
        public bool ElectPortReachable { get; }

        /// <summary>Why a view is missing, or null.</summary>
        public string? Error { get; }

        /// <summary>REPL.TOKEN: on a primary what it has acknowledged per shard, on a replica what it has applied; null when unread.</summary>
        public ReplToken? ReplToken { get; }

        /// <summary>Why <see cref="ReplToken"/> is null (e.g. the server does not know REPL.TOKEN), or null.</summary>
        public string? ReplTokenError { get; }

        /// <summary>True when the node answered -LOADING (loading a snapshot): up, but ROLE and INFO are not served yet.</summary>
        public bool IsLoading { get; }

        /// <summary>True when both ROLE and INFO were read.</summary>
        public bool DataReachable => Role != null && Info != null;

        /// <summary>True when the data plane answered and the elect port took a connect.</summary>
        public bool FullyReachable => DataReachable && ElectPortReachable;

        /// <summary>True when ROLE answers in the master shape: the election made this node primary.</summary>
        public bool IsElectedPrimary => Role?.Kind == ReplicationRole.Master;

        /// <summary>True when INFO says <c>role:master</c>.</summary>
        public bool IsDataMaster => Info?.Role == ReplicationRole.Master;

        /// <summary>ROLE on a replica: the peer it names as primary (matched by host and any port), or null.</summary>
        public string? RoleFollowsId { get; }

        /// <summary>INFO on a replica: the peer its data plane replicates from, or null.</summary>
        public string? InfoFollowsId { get; }

        /// <summary>The replication offset: INFO's master or replica offset, else ROLE's.</summary>
        public long? Offset => Info?.MasterReplOffset ?? Info?.SlaveReplOffset ?? Role?.Offset;

        /// <summary>INFO <c>slave_lag_frames</c> on a replica; null on a master or when unread.</summary>
        public long? LagFrames => Info?.SlaveLagFrames;

        /// <summary>True when INFO says <c>master_link_status:up</c>.</summary>
        public bool LinkUp => Info?.IsMasterLinkUp == true;

        /// <inheritdoc />
        public override string ToString() => !DataReachable
            ? $"{NodeId}: unreachable ({Error})"
            : $"{NodeId}: ROLE {(IsElectedPrimary ? "master" : "slave of " + (RoleFollowsId ?? "?"))}, INFO {(IsDataMaster ? "master" : "slave of " + (InfoFollowsId ?? "?"))}, offset {Offset}";
    }
}
