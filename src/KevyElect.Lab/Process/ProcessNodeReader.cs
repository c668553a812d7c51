using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Election;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>
    /// Reads a real kevy node into a <see cref="LabNodeState"/>: ROLE (the elector's role and the primary it
    /// names), INFO replication (the data plane), a write probe (does it take writes now, and if not why), and
    /// elect.meta from its data directory (epoch and vote). Nothing else of the elector can be seen from outside.
    /// </summary>
    internal static class ProcessNodeReader
    {
        /// <summary>
        /// <c>DEL</c> of a key that does not exist is a write (a replica answers READONLY, a fenced primary
        /// NOREPLICAS) that changes nothing and is not replicated.
        /// </summary>
        public const string WriteProbeKey = "kevyelect:lab:write-probe";

        private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(1);

        /// <summary>What the lab knows of the node's process, without asking it.</summary>
        public sealed class Process
        {
            public string NodeId { get; set; } = string.Empty;
            public bool IsRunning { get; set; }
            public bool IsPaused { get; set; }
            public bool IsIsolated { get; set; }
            public string? Problem { get; set; }
            public int ClientPort { get; set; }
            public int ElectPort { get; set; }
            public string DataDirectory { get; set; } = string.Empty;
        }

        public static async Task<LabNodeState> ReadAsync(Process node, PeerTable peers, CancellationToken ct)
        {
            ElectMeta? meta = ReadMeta(node.DataDirectory, out string? metaProblem);
            RoleReply? role = null;
            ReplicationInfo? info = null;
            DataPlaneError? refusal = null;
            bool writable = false, loading = false;
            string? problem = node.Problem ?? metaProblem;
            // A paused process answers nothing: asking would only wait for the timeout.
            if (node.IsRunning && !node.IsPaused)
            {
                try
                {
                    using (var c = await KevyConnection.ConnectAsync("127.0.0.1", node.ClientPort, CallTimeout, ct).ConfigureAwait(false))
                    {
                        role = await c.RoleAsync(CallTimeout, ct).ConfigureAwait(false);
                        info = await c.InfoReplicationAsync(CallTimeout, ct).ConfigureAwait(false);
                        RespValue probe = await c.ExecuteAsync(CallTimeout, ct, "DEL", WriteProbeKey).ConfigureAwait(false);
                        writable = !probe.IsError;
                        if (probe.IsError) refusal = DataPlaneError.FromReply(probe);
                    }
                }
                catch (Exception e) when (e is KevyNetException || e is KevyReplyErrorException)
                {
                    loading = e is KevyReplyErrorException { Error.Kind: DataPlaneErrorKind.Loading };
                    problem = problem ?? (loading ? "loading its snapshot: " : "unreadable: ") + e.Message;
                }
            }
            bool primary = role?.Kind == ReplicationRole.Master;
            bool dataMaster = info?.Role == ReplicationRole.Master;
            return new LabNodeState
            {
                NodeId = node.NodeId,
                BackendValue = LabBackend.Process,
                IsRunning = node.IsRunning,
                IsPaused = node.IsPaused,
                IsIsolated = node.IsIsolated,
                Problem = problem,
                RoleValue = role == null ? (ElectRole?)null : primary ? ElectRole.Primary : ElectRole.Replica,
                Epoch = meta?.Epoch,
                VotedFor = meta?.VotedFor,
                KnownPrimaryId = role == null ? null : primary ? node.NodeId : Follows(peers, role.PrimaryHost, role.PrimaryPort),
                ReplOffset = role == null ? (ulong?)null : (ulong)Math.Max(0, role.Offset),
                HasLease = primary && refusal?.Kind != DataPlaneErrorKind.NoReplicas,
                AcceptsWrites = writable,
                DataRole = info == null ? string.Empty : dataMaster ? "master" : "slave",
                DataSourceId = info == null || dataMaster ? null : Follows(peers, info.MasterHost, info.MasterPort ?? 0),
                DataLinkUp = info != null && !dataMaster && info.IsMasterLinkUp,
                DataOffset = info == null ? 0 : (dataMaster ? info.MasterReplOffset : info.SlaveReplOffset) ?? 0,
                IsFenced = dataMaster && (refusal?.Kind == DataPlaneErrorKind.ReadOnly || refusal?.Kind == DataPlaneErrorKind.NoReplicas),
                IsLoading = loading,
                Host = "127.0.0.1",
                ClientPort = node.ClientPort,
                ElectPort = node.ElectPort,
            };
        }

        private static string? Follows(PeerTable peers, string? host, int port) =>
            string.IsNullOrEmpty(host) || port <= 0 ? null : peers.FindByEndpoint(host!, port)?.Id;

        private static ElectMeta? ReadMeta(string dataDirectory, out string? problem)
        {
            problem = null;
            var file = new ElectMetaFile(dataDirectory);
            try
            {
                return File.Exists(file.Path) ? file.Load() : null;
            }
            catch (InvalidDataException e)
            {
                problem = e.Message;
            }
            catch (IOException e)
            {
                problem = $"{file.Path} unreadable: {e.Message}";
            }
            catch (UnauthorizedAccessException e)
            {
                problem = $"{file.Path} unreadable: {e.Message}";
            }
            return null;
        }
    }
}
