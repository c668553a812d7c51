// Baseline: a verbatim copy of src/KevyElect/DataPlane/RoleReply.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using System.Collections.Generic;
using System.Globalization;
using KevyElect.DataPlane;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
{
    /// <summary>
    /// The reply to <c>ROLE</c>: <c>["master", offset, [[ip, port, offset], ...]]</c> on a primary,
    /// <c>["slave", host, port, state, offset]</c> on a replica. With an elect quorum this is the
    /// election's view; on a replica the port is the primary's elect port.
    /// </summary>
    public sealed class RoleReply
    {
        private static readonly IReadOnlyList<RoleReplica> NoReplicas = new RoleReplica[0];

        private RoleReply(ReplicationRole kind, long offset, IReadOnlyList<RoleReplica> replicas,
            string? primaryHost, int primaryPort, ReplicaLinkState linkState, string? linkStateText)
        {
            Kind = kind;
            Offset = offset;
            Replicas = replicas;
            PrimaryHost = primaryHost;
            PrimaryPort = primaryPort;
            LinkState = linkState;
            LinkStateText = linkStateText;
        }

        /// <summary>Which shape the reply had.</summary>
        public ReplicationRole Kind { get; }

        /// <summary>Master: the replication offset. Slave: the applied offset.</summary>
        public long Offset { get; }

        /// <summary>Master: the connected replicas. Slave: empty.</summary>
        public IReadOnlyList<RoleReplica> Replicas { get; }

        /// <summary>Slave: the primary's host. Master: null.</summary>
        public string? PrimaryHost { get; }

        /// <summary>Slave: the primary's port (the elect port under a quorum). Master: 0.</summary>
        public int PrimaryPort { get; }

        /// <summary>Slave: the link state. Master: <see cref="ReplicaLinkState.Other"/>.</summary>
        public ReplicaLinkState LinkState { get; }

        /// <summary>Slave: the link state as sent. Master: null.</summary>
        public string? LinkStateText { get; }

        /// <summary>Creates a primary's reply.</summary>
        public static RoleReply Master(long offset, IReadOnlyList<RoleReplica> replicas) =>
            new RoleReply(ReplicationRole.Master, offset, replicas ?? throw new ArgumentNullException(nameof(replicas)), null, 0, ReplicaLinkState.Other, null);

        /// <summary>Creates a replica's reply.</summary>
        public static RoleReply Slave(string primaryHost, int primaryPort, string linkState, long offset) =>
            new RoleReply(ReplicationRole.Slave, offset, NoReplicas, primaryHost ?? throw new ArgumentNullException(nameof(primaryHost)),
                primaryPort, ParseLinkState(linkState ?? throw new ArgumentNullException(nameof(linkState))), linkState);

        /// <summary>Parses a ROLE reply.</summary>
        /// <exception cref="FormatException">The reply is an error or does not have either ROLE shape; the message says what was found.</exception>
        public static RoleReply Parse(RespValue reply)
        {
            if (reply is null) throw new ArgumentNullException(nameof(reply));
            string? error = TryParseCore(reply, out RoleReply? role);
            if (error != null) throw new FormatException("unexpected ROLE reply: " + error + " (got " + Preview(reply) + ")");
            return role!;
        }

        /// <summary>Parses a ROLE reply; false when it has neither expected shape.</summary>
        public static bool TryParse(RespValue? reply, out RoleReply? role)
        {
            role = null;
            return reply != null && TryParseCore(reply, out role) == null;
        }

        private static string? TryParseCore(RespValue reply, out RoleReply? role)
        {
            role = null;
            if (reply.IsError) return "the server answered an error";
            if (reply.Type != RespType.Array || reply.Items.Count == 0) return "expected a non-empty array";
            string? kind = AsText(reply.Items[0]);
            switch (kind)
            {
                case "master":
                    return ParseMaster(reply.Items, out role);
                case "slave":
                    return ParseSlave(reply.Items, out role);
                default:
                    return kind is null ? "the first element is not a role name" : $"unknown role '{kind}'";
            }
        }

        private static string? ParseMaster(IReadOnlyList<RespValue> items, out RoleReply? role)
        {
            role = null;
            if (items.Count != 3) return $"a master reply has 3 elements, this one has {items.Count}";
            if (!TryLong(items[1], out long offset)) return "the master offset is not an integer";
            if (items[2].Type != RespType.Array) return "the replica list is not an array";
            var replicas = new List<RoleReplica>(items[2].Items.Count);
            for (int i = 0; i < items[2].Items.Count; i++)
            {
                RespValue triple = items[2].Items[i];
                if (triple.Type != RespType.Array || triple.Items.Count != 3)
                    return $"replica {i} is not an [ip, port, offset] triple";
                string? host = AsText(triple.Items[0]);
                if (string.IsNullOrEmpty(host)) return $"replica {i} has no host";
                if (!TryLong(triple.Items[1], out long port) || port < 0 || port > 65535) return $"replica {i} port is not a port number";
                if (!TryLong(triple.Items[2], out long replicaOffset)) return $"replica {i} offset is not an integer";
                replicas.Add(new RoleReplica(host!, (int)port, replicaOffset));
            }
            role = Master(offset, replicas);
            return null;
        }

        private static string? ParseSlave(IReadOnlyList<RespValue> items, out RoleReply? role)
        {
            role = null;
            if (items.Count != 5) return $"a slave reply has 5 elements, this one has {items.Count}";
            string? host = AsText(items[1]);
            if (host is null) return "the primary host is not a string";
            if (!TryLong(items[2], out long port) || port < 0 || port > 65535) return "the primary port is not a port number";
            string? state = AsText(items[3]);
            if (state is null) return "the link state is not a string";
            if (!TryLong(items[4], out long offset)) return "the replica offset is not an integer";
            role = Slave(host, (int)port, state, offset);
            return null;
        }

        private static ReplicaLinkState ParseLinkState(string text) => text switch
        {
            "connect" => ReplicaLinkState.Connect,
            "sync" => ReplicaLinkState.Sync,
            "connected" => ReplicaLinkState.Connected,
            _ => ReplicaLinkState.Other,
        };

        private static string? AsText(RespValue value) =>
            value.Type == RespType.BulkString || value.Type == RespType.SimpleString ? value.Text : null;

        // Numbers arrive as integers or as bulk strings (the replica triple), so accept both.
        private static bool TryLong(RespValue value, out long result)
        {
            if (value.Type == RespType.Integer)
            {
                result = value.Integer;
                return true;
            }
            string? text = AsText(value);
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
        }

        private static string Preview(RespValue reply)
        {
            string s = reply.ToString();
            return s.Length <= 120 ? s : s.Substring(0, 120) + "...";
        }

        /// <inheritdoc />
        public override string ToString() => Kind == ReplicationRole.Master
            ? $"master offset={Offset} replicas={Replicas.Count}"
            : $"slave of {PrimaryHost}:{PrimaryPort} {LinkStateText} offset={Offset}";
    }
}
