using System.Collections.Generic;
using System.Globalization;
using System.Text;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>The reply texts and shapes of the reference server's data plane.</summary>
    internal static class LabReplies
    {
        public const string ReadOnly = "READONLY You can't write against a read only replica.";
        public const string NoReplicas = "NOREPLICAS primary lost quorum; writes fenced";
        public const string Loading = "LOADING kevy is loading the dataset in memory";
        public const string NotInteger = "ERR value is not an integer or out of range";
        public const string Syntax = "ERR syntax error";
        public const string ReplicationId = "0000000000000000000000000000000000000000";

        public static readonly RespValue Ok = RespValue.Simple("OK");
        public static readonly RespValue Pong = RespValue.Simple("PONG");

        /// <summary>A write during FAILOVER's quiesce.</summary>
        public static string Quiesced(string target) => "QUIESCED migrating to " + target;

        public static RespValue UnknownCommand(string name) => RespValue.Err("ERR unknown command '" + name + "'");

        public static RespValue WrongArity(string name) =>
            RespValue.Err("ERR wrong number of arguments for '" + name.ToLowerInvariant() + "' command");

        /// <summary>One replica as a master lists it.</summary>
        public sealed class ReplicaLine
        {
            public ReplicaLine(string host, int port, bool online, long offset, long sent)
            {
                Host = host;
                Port = port;
                Online = online;
                Offset = offset;
                Sent = sent;
            }

            public string Host { get; }
            public int Port { get; }
            public bool Online { get; }
            public long Offset { get; }
            public long Sent { get; }
            public long Lag => Sent > Offset ? Sent - Offset : 0;
        }

        /// <summary>ROLE on an elected primary: <c>["master", offset, [[ip, port, offset], ...]]</c>.</summary>
        public static RespValue RoleMaster(long offset, IReadOnlyList<ReplicaLine> replicas)
        {
            var items = new List<RespValue>();
            foreach (var r in replicas)
                items.Add(RespValue.Array(new[] { RespValue.Bulk(r.Host), RespValue.Bulk(Num(r.Port)), RespValue.Bulk(Num(r.Offset)) }));
            return RespValue.Array(new[] { RespValue.Bulk("master"), RespValue.Int(offset), RespValue.Array(items) });
        }

        /// <summary>ROLE on an elected replica: <c>["slave", host, elect port, state, offset]</c>.</summary>
        public static RespValue RoleSlave(string host, int electPort, LabLinkState state, long offset) =>
            RespValue.Array(new[]
            {
                RespValue.Bulk("slave"), RespValue.Bulk(host), RespValue.Int(electPort),
                RespValue.Bulk(state switch { LabLinkState.Connected => "connected", LabLinkState.Sync => "sync", _ => "connect" }),
                RespValue.Int(offset),
            });

        /// <summary>The <c># Replication</c> section of a data-plane master.</summary>
        public static string InfoMaster(IReadOnlyList<ReplicaLine> replicas, long offset)
        {
            var lines = new List<string> { "role:master", "connected_slaves:" + Num(replicas.Count) };
            for (int i = 0; i < replicas.Count; i++)
            {
                var r = replicas[i];
                lines.Add("slave" + Num(i) + ":ip=" + r.Host + ",port=" + Num(r.Port) + ",state=" + (r.Online ? "online" : "syncing")
                    + ",offset=" + Num(r.Offset) + ",sent=" + Num(r.Sent) + ",lag=" + Num(r.Lag));
            }
            lines.Add("master_replid:" + ReplicationId);
            lines.Add("master_repl_offset:" + Num(offset));
            return Section(lines);
        }

        /// <summary>The <c># Replication</c> section of a data-plane replica.</summary>
        public static string InfoSlave(string host, int replicationPort, LabLinkState state, long lastIoSecondsAgo,
            long offset, long lagFrames) =>
            Section(new List<string>
            {
                "role:slave",
                "master_host:" + host,
                "master_port:" + Num(replicationPort),
                "master_link_status:" + (state == LabLinkState.Connected ? "up" : "down"),
                "master_last_io_seconds_ago:" + Num(lastIoSecondsAgo),
                "master_sync_in_progress:" + (state == LabLinkState.Sync ? "1" : "0"),
                "slave_read_only:1", // also on a promoted node whose INFO has not caught up yet, as kevy shows
                "slave_repl_offset:" + Num(offset),
                "slave_lag_frames:" + Num(lagFrames),
            });

        // Every line ends in CRLF and the section with one more, as the reference writes it.
        private static string Section(List<string> lines)
        {
            var sb = new StringBuilder("# Replication\r\n");
            foreach (var l in lines) sb.Append(l).Append("\r\n");
            return sb.Append("\r\n").ToString();
        }

        private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
