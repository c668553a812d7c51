// Baseline: a verbatim copy of src/KevyElect/DataPlane/ReplicationInfo.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using System.Collections.Generic;
using System.Globalization;
using KevyElect.DataPlane;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
{
    /// <summary>
    /// The <c>INFO replication</c> section: the data plane's own view, which can disagree with ROLE.
    /// Fields a role does not report are null.
    /// </summary>
    public sealed class ReplicationInfo
    {
        private ReplicationInfo() { }

        /// <summary><c>role</c>.</summary>
        public ReplicationRole Role { get; private set; }

        /// <summary><c>connected_slaves</c> (primary).</summary>
        public int? ConnectedSlaves { get; private set; }

        /// <summary>The <c>slave&lt;i&gt;</c> lines (primary), in index order.</summary>
        public IReadOnlyList<ReplicationInfoSlave> Slaves { get; private set; } = new ReplicationInfoSlave[0];

        /// <summary><c>master_replid</c>.</summary>
        public string? MasterReplId { get; private set; }

        /// <summary><c>master_repl_offset</c>, summed across shards.</summary>
        public long? MasterReplOffset { get; private set; }

        /// <summary><c>master_host</c> (replica).</summary>
        public string? MasterHost { get; private set; }

        /// <summary><c>master_port</c> (replica): the primary's replication port, client + 10000.</summary>
        public int? MasterPort { get; private set; }

        /// <summary><c>master_link_status</c> (replica): <c>up</c> or <c>down</c>.</summary>
        public string? MasterLinkStatus { get; private set; }

        /// <summary>True when <see cref="MasterLinkStatus"/> is <c>up</c>.</summary>
        public bool IsMasterLinkUp => string.Equals(MasterLinkStatus, "up", StringComparison.OrdinalIgnoreCase);

        /// <summary><c>master_last_io_seconds_ago</c> (replica); -1 when never.</summary>
        public long? MasterLastIoSecondsAgo { get; private set; }

        /// <summary><c>master_sync_in_progress</c> (replica).</summary>
        public bool? MasterSyncInProgress { get; private set; }

        /// <summary><c>slave_read_only</c> (replica).</summary>
        public bool? SlaveReadOnly { get; private set; }

        /// <summary><c>slave_repl_offset</c> (replica), summed across shards.</summary>
        public long? SlaveReplOffset { get; private set; }

        /// <summary><c>slave_lag_frames</c> (replica); 0 means caught up.</summary>
        public long? SlaveLagFrames { get; private set; }

        /// <summary>Every other <c>key:value</c> line, from any section.</summary>
        public IReadOnlyDictionary<string, string> Other { get; private set; } = new Dictionary<string, string>();

        /// <summary>Parses the bulk-string reply to <c>INFO replication</c>.</summary>
        /// <exception cref="FormatException">The reply is an error or not a string, or its text is unusable.</exception>
        public static ReplicationInfo Parse(RespValue reply)
        {
            if (reply is null) throw new ArgumentNullException(nameof(reply));
            if (reply.IsError) throw new FormatException("unexpected INFO reply: the server answered an error (-" + reply.Text + ")");
            if (reply.Type != RespType.BulkString && reply.Type != RespType.SimpleString)
                throw new FormatException($"unexpected INFO reply: expected a bulk string, got {reply.Type}");
            return Parse(reply.Text!);
        }

        /// <summary>Parses INFO text: <c>key:value</c> lines, <c># Section</c> headers, CRLF or LF.</summary>
        /// <exception cref="FormatException">There is no <c>role</c> line, or a known key has an unusable value (the message names it).</exception>
        public static ReplicationInfo Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var info = new ReplicationInfo();
            var slaves = new List<ReplicationInfoSlave>();
            var other = new Dictionary<string, string>(StringComparer.Ordinal);
            bool sawRole = false;

            foreach (string rawLine in text.Split('\n'))
            {
                string line = rawLine.TrimEnd('\r');
                if (line.Length == 0 || line[0] == '#') continue;
                int colon = line.IndexOf(':');
                if (colon <= 0) continue;
                string key = line.Substring(0, colon);
                string value = line.Substring(colon + 1);
                switch (key)
                {
                    case "role":
                        info.Role = value switch
                        {
                            "master" => ReplicationRole.Master,
                            "slave" => ReplicationRole.Slave,
                            _ => throw new FormatException($"INFO replication: role '{value}' is neither master nor slave"),
                        };
                        sawRole = true;
                        break;
                    case "connected_slaves": info.ConnectedSlaves = (int)Long(key, value, 0, int.MaxValue); break;
                    case "master_replid": info.MasterReplId = value; break;
                    case "master_repl_offset": info.MasterReplOffset = Long(key, value); break;
                    case "master_host": info.MasterHost = value; break;
                    case "master_port": info.MasterPort = (int)Long(key, value, 0, 65535); break;
                    case "master_link_status": info.MasterLinkStatus = value; break;
                    case "master_last_io_seconds_ago": info.MasterLastIoSecondsAgo = Long(key, value); break;
                    case "master_sync_in_progress": info.MasterSyncInProgress = Flag(key, value); break;
                    case "slave_read_only": info.SlaveReadOnly = Flag(key, value); break;
                    case "slave_repl_offset": info.SlaveReplOffset = Long(key, value); break;
                    case "slave_lag_frames": info.SlaveLagFrames = Long(key, value); break;
                    default:
                        if (TryParseSlaveIndex(key, out int index))
                            slaves.Add(ParseSlave(key, index, value));
                        else
                            other[key] = value;
                        break;
                }
            }

            if (!sawRole) throw new FormatException("INFO replication: no 'role:' line in the reply");
            slaves.Sort((a, b) => a.Index.CompareTo(b.Index));
            info.Slaves = slaves;
            info.Other = other;
            return info;
        }

        /// <summary>Parses the reply; false when it is not a usable INFO replication text.</summary>
        public static bool TryParse(RespValue? reply, out ReplicationInfo? info)
        {
            info = null;
            if (reply is null) return false;
            try
            {
                info = Parse(reply);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private static bool TryParseSlaveIndex(string key, out int index)
        {
            index = 0;
            return key.Length > 5 && key.StartsWith("slave", StringComparison.Ordinal)
                && int.TryParse(key.Substring(5), NumberStyles.None, CultureInfo.InvariantCulture, out index);
        }

        private static ReplicationInfoSlave ParseSlave(string key, int index, string value)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string part in value.Split(','))
            {
                int eq = part.IndexOf('=');
                if (eq > 0) fields[part.Substring(0, eq)] = part.Substring(eq + 1);
            }
            string Require(string name) =>
                fields.TryGetValue(name, out string? v) ? v : throw new FormatException($"INFO replication: {key} has no {name}= field ('{value}')");
            long? Optional(string name) =>
                fields.TryGetValue(name, out string? v) ? Long(key + " " + name, v) : (long?)null;

            return new ReplicationInfoSlave(
                index,
                Require("ip"),
                (int)Long(key + " port", Require("port"), 0, 65535),
                fields.TryGetValue("state", out string? state) ? state : string.Empty,
                Optional("offset") ?? 0,
                Optional("sent"),
                Optional("lag"));
        }

        private static long Long(string key, string value, long min = long.MinValue, long max = long.MaxValue)
        {
            if (!long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) || n < min || n > max)
                throw new FormatException($"INFO replication: {key} '{value}' is not a valid number");
            return n;
        }

        private static bool Flag(string key, string value) => value.Trim() switch
        {
            "0" => false,
            "1" => true,
            _ => throw new FormatException($"INFO replication: {key} '{value}' is neither 0 nor 1"),
        };
    }
}
