using System;
using System.Collections.Generic;
using System.Globalization;
using KevyElect.Protocol;

namespace KevyElect.DataPlane
{
    /// <summary>
    /// The reply to <c>ROLE</c>: <c>["master", offset, [[ip, port, offset], ...]]</c> on a primary,
    /// <c>["slave", host, port, state, offset]</c> on a replica. With an elect quorum this is the
    /// election's view; on a replica the port is the primary's elect port.
    /// </summary>
    public sealed class RoleReply
    {
        private static readonly RoleReplica[] NoReplicas = Array.Empty<RoleReplica>();

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

        private static unsafe string? TryParseCore(RespValue reply, out RoleReply? role)
        {
            role = null;
            if (reply.IsError) return "the server answered an error";
            if (reply.Type != RespType.Array || (!reply.HasWireBytes && reply.Items.Count == 0)) return "expected a non-empty array";

            // A reply off the wire is read from its bytes; one built in code is written out first.
            byte[]? written = null;
            if (!reply.HasWireBytes)
            {
                try { written = RespWriter.Reply(reply); }
                catch (ArgumentException) { return "a simple string or error in it holds CR or LF"; }
            }
            ReadOnlySpan<byte> bytes = written ?? reply.WireBytes;
            fixed (byte* pinned = bytes)
            {
                role = RoleReplyMasterForm.TryRead(pinned, bytes.Length);
                if (role is not null) return null;
                var wire = new RespWireReader(pinned, bytes.Length);
                wire.Read(out _, out long count);
                if (!IsText(wire.Read(out ReadOnlySpan<byte> kind, out _))) return "the first element is not a role name";
                if (ReplyText.Is(kind, "master"u8)) return ParseMaster(ref wire, count, out role);
                if (ReplyText.Is(kind, "slave"u8)) return ParseSlave(ref wire, count, out role);
                return $"unknown role '{ReplyText.Decode(kind)}'";
            }
        }

        private static string? ParseMaster(ref RespWireReader wire, long count, out RoleReply? role)
        {
            role = null;
            if (count != 3) return $"a master reply has 3 elements, this one has {count}";
            if (!TryLong(ref wire, out long offset)) return "the master offset is not an integer";
            if (wire.Read(out _, out long listed) != RespType.Array) return "the replica list is not an array";
            var replicas = listed == 0 ? NoReplicas : new RoleReplica[listed];
            string? host = null;
            ReadOnlySpan<byte> hostRead = default;
            for (int i = 0; i < replicas.Length; i++)
            {
                if (wire.Read(out _, out long fields) != RespType.Array || fields != 3) return $"replica {i} is not an [ip, port, offset] triple";
                if (!IsText(wire.Read(out ReadOnlySpan<byte> hostBytes, out _)) || hostBytes.IsEmpty) return $"replica {i} has no host";
                // Replicas usually share one host: its string is made once.
                if (host is null || !hostBytes.SequenceEqual(hostRead)) host = ReplyText.Decode(hostBytes);
                hostRead = hostBytes;
                if (!TryLong(ref wire, out long port) || port < 0 || port > 65535) return $"replica {i} port is not a port number";
                if (!TryLong(ref wire, out long replicaOffset)) return $"replica {i} offset is not an integer";
                replicas[i] = new RoleReplica(host, (int)port, replicaOffset);
            }
            role = Master(offset, replicas);
            return null;
        }

        private static string? ParseSlave(ref RespWireReader wire, long count, out RoleReply? role)
        {
            role = null;
            if (count != 5) return $"a slave reply has 5 elements, this one has {count}";
            if (!IsText(wire.Read(out ReadOnlySpan<byte> host, out _))) return "the primary host is not a string";
            if (!TryLong(ref wire, out long port) || port < 0 || port > 65535) return "the primary port is not a port number";
            if (!IsText(wire.Read(out ReadOnlySpan<byte> state, out _))) return "the link state is not a string";
            if (!TryLong(ref wire, out long offset)) return "the replica offset is not an integer";
            role = Slave(ReplyText.Decode(host), (int)port, LinkStateName(state), offset);
            return null;
        }

        private static ReplicaLinkState ParseLinkState(string text) => text switch
        {
            "connect" => ReplicaLinkState.Connect,
            "sync" => ReplicaLinkState.Sync,
            "connected" => ReplicaLinkState.Connected,
            _ => ReplicaLinkState.Other,
        };

        /// <summary>The link state's text: the known ones without a new string.</summary>
        private static string LinkStateName(ReadOnlySpan<byte> state)
        {
            if (ReplyText.Is(state, "connected"u8)) return "connected";
            if (ReplyText.Is(state, "connect"u8)) return "connect";
            return ReplyText.Is(state, "sync"u8) ? "sync" : ReplyText.Decode(state);
        }

        private static bool IsText(RespType type) => type == RespType.BulkString || type == RespType.SimpleString;

        // Numbers arrive as integers or as bulk strings (the replica triple), so accept both.
        private static bool TryLong(ref RespWireReader wire, out long result)
        {
            if (wire.TryReadPlainNumber(out result)) return true;
            RespType type = wire.Read(out ReadOnlySpan<byte> text, out long number);
            result = number;
            if (type == RespType.Integer) return true;
            result = 0;
            return IsText(type) && ReplyText.TryParseInt64(text, out result);
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
