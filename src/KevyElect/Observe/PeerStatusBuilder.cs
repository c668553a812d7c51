using System;
using System.Collections.Generic;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Net;

namespace KevyElect.Observe
{
    /// <summary>Turns what a probe collected for one node into its <see cref="PeerStatus"/> row. Pure.</summary>
    internal static class PeerStatusBuilder
    {
        /// <summary>What the probe of one node collected.</summary>
        internal sealed class Observation
        {
            public DateTimeOffset ObservedAt { get; set; }
            public RoleReply? Role { get; set; }
            public ReplicationInfo? Info { get; set; }
            public ElectProbeResult? Elect { get; set; }
            public double? LatencyMs { get; set; }
            public bool ConnectionFailed { get; set; }
            public bool Loading { get; set; }
            public List<string> Errors { get; } = new List<string>();
        }

        internal static PeerStatus Build(PeerSpec peer, PeerTable table, Observation seen)
        {
            RoleReply? role = seen.Role;
            ReplicationInfo? info = seen.Info;

            string? roleAddress = null, roleFollows = null;
            if (role != null && role.Kind == ReplicationRole.Slave && !string.IsNullOrEmpty(role.PrimaryHost) && role.PrimaryPort > 0)
            {
                roleAddress = PeerSpec.FormatAddress(role.PrimaryHost!, role.PrimaryPort);
                roleFollows = table.FindByEndpoint(role.PrimaryHost!, role.PrimaryPort)?.Id;
            }

            string? dataAddress = null, dataFollows = null;
            if (info != null && info.Role == ReplicationRole.Slave && !string.IsNullOrEmpty(info.MasterHost) && info.MasterPort is int masterPort && masterPort > 0)
            {
                dataAddress = PeerSpec.FormatAddress(info.MasterHost!, masterPort);
                dataFollows = table.FindByEndpoint(info.MasterHost!, masterPort)?.Id;
            }

            NodeRole electRole = From(role?.Kind);
            // ROLE is the election's view and names the primary to follow; INFO stands in only when ROLE names nobody.
            bool roleNamesPrimary = roleAddress != null;
            string? follows = electRole == NodeRole.Primary ? null : roleNamesPrimary ? roleFollows : dataFollows;
            string? followsAddress = electRole == NodeRole.Primary ? null : roleNamesPrimary ? roleAddress : dataAddress;

            return new PeerStatus
            {
                NodeId = peer.Id,
                Host = peer.Host,
                ClientPort = peer.ClientPort,
                ElectPort = peer.ElectPort,
                // A replica loading a snapshot refuses ROLE (-LOADING) but answers INFO: it is there, just busy for a moment.
                DataReachable = role != null || (seen.Loading && info != null),
                ElectReachable = seen.Elect?.Reachable ?? false,
                ElectRoleValue = electRole,
                DataRoleValue = From(info?.Role),
                FollowsNodeId = follows,
                FollowsAddress = followsAddress,
                DataFollowsNodeId = dataFollows,
                DataFollowsAddress = dataAddress,
                ReplOffset = Offset(role, info),
                LagFrames = info?.Role == ReplicationRole.Slave ? info.SlaveLagFrames : null,
                LinkStatus = info?.Role == ReplicationRole.Slave ? info.MasterLinkStatus
                    : role?.Kind == ReplicationRole.Slave ? role.LinkStateText : null,
                MasterLinkUp = info?.Role == ReplicationRole.Slave ? info.IsMasterLinkUp : (bool?)null,
                LatencyMs = seen.LatencyMs,
                ElectLatencyMs = seen.Elect == null ? (double?)null : Math.Round(seen.Elect.Latency.TotalMilliseconds, 2),
                ReplicaIds = Replicas(table, role, info),
                Error = seen.Errors.Count == 0 ? null : string.Join("; ", seen.Errors),
                ObservedAt = seen.ObservedAt,
                Table = table,
                ConnectionFailed = seen.ConnectionFailed,
                IsLoading = seen.Loading,
                RoleReplyValue = role,
                ReplicationValue = info,
            };
        }

        internal static NodeRole From(ReplicationRole? role) => role switch
        {
            ReplicationRole.Master => NodeRole.Primary,
            ReplicationRole.Slave => NodeRole.Replica,
            _ => NodeRole.Unknown,
        };

        private static long? Offset(RoleReply? role, ReplicationInfo? info)
        {
            if (info != null)
            {
                long? offset = info.Role == ReplicationRole.Master ? info.MasterReplOffset : info.SlaveReplOffset;
                if (offset != null) return offset;
            }
            return role?.Offset;
        }

        private static List<string> Replicas(PeerTable table, RoleReply? role, ReplicationInfo? info)
        {
            var ids = new List<string>();
            void Add(string host, int port)
            {
                string name = table.FindByEndpoint(host, port)?.Id ?? PeerSpec.FormatAddress(host, port);
                if (!ids.Contains(name)) ids.Add(name);
            }
            if (role != null && role.Kind == ReplicationRole.Master)
                foreach (RoleReplica r in role.Replicas) Add(r.Host, r.Port);
            if (info != null && info.Role == ReplicationRole.Master)
                foreach (ReplicationInfoSlave s in info.Slaves) Add(s.Ip, s.Port);
            return ids;
        }
    }
}
