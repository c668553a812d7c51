using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using KevyElect.Protocol;

namespace KevyElect.DataPlane
{
    /// <summary>
    /// The <c>INFO replication</c> section: the data plane's own view, which can disagree with ROLE.
    /// Fields a role does not report are null.
    /// </summary>
    public sealed class ReplicationInfo
    {
        private static readonly ReplicationInfoSlave[] NoSlaves = Array.Empty<ReplicationInfoSlave>();
        private static readonly IReadOnlyDictionary<string, string> NoOther = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

        private ReplicationInfo() { }

        /// <summary><c>role</c>.</summary>
        public ReplicationRole Role { get; private set; }

        /// <summary><c>connected_slaves</c> (primary).</summary>
        public int? ConnectedSlaves { get; private set; }

        /// <summary>The <c>slave&lt;i&gt;</c> lines (primary), in index order.</summary>
        public IReadOnlyList<ReplicationInfoSlave> Slaves { get; private set; } = NoSlaves;

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
        public IReadOnlyDictionary<string, string> Other { get; private set; } = NoOther;

        /// <summary>Parses the bulk-string reply to <c>INFO replication</c>.</summary>
        /// <exception cref="FormatException">The reply is an error or not a string, or its text is unusable.</exception>
        public static ReplicationInfo Parse(RespValue reply)
        {
            if (reply is null) throw new ArgumentNullException(nameof(reply));
            if (reply.IsError) throw new FormatException("unexpected INFO reply: the server answered an error (-" + reply.Text + ")");
            if (reply.Type != RespType.BulkString && reply.Type != RespType.SimpleString)
                throw new FormatException($"unexpected INFO reply: expected a bulk string, got {reply.Type}");
            return ParseUtf8(reply.Bytes);
        }

        /// <summary>Parses INFO text: <c>key:value</c> lines, <c># Section</c> headers, CRLF or LF.</summary>
        /// <exception cref="FormatException">There is no <c>role</c> line, or a known key has an unusable value (the message names it).</exception>
        public static ReplicationInfo Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            return ParseUtf8(Encoding.UTF8.GetBytes(text));
        }

        /// <summary>Parses INFO text from its UTF-8 bytes, making strings only of the values it keeps.</summary>
        private static ReplicationInfo ParseUtf8(ReadOnlySpan<byte> text)
        {
            var info = new ReplicationInfo();
            List<ReplicationInfoSlave>? slaves = null;
            Dictionary<string, string>? other = null;
            bool sawRole = false;

            int start = 0;
            while (start <= text.Length)
            {
                int newline = text.Slice(start).IndexOf((byte)'\n');
                int end = newline < 0 ? text.Length : start + newline;
                ReadOnlySpan<byte> line = TrimEndCr(text.Slice(start, end - start));
                start = end + 1;
                if (line.Length == 0 || line[0] == (byte)'#') continue;
                int colon = line.IndexOf((byte)':');
                if (colon <= 0) continue;
                ReadOnlySpan<byte> key = line.Slice(0, colon);
                ReadOnlySpan<byte> value = line.Slice(colon + 1);

                if (ReplyText.Is(key, "role"u8))
                {
                    info.Role = ReplyText.Is(value, "master"u8) ? ReplicationRole.Master
                        : ReplyText.Is(value, "slave"u8) ? ReplicationRole.Slave
                        : throw new FormatException($"INFO replication: role '{ReplyText.Decode(value)}' is neither master nor slave");
                    sawRole = true;
                }
                else if (ReplyText.Is(key, "connected_slaves"u8)) info.ConnectedSlaves = (int)Long(key, value, 0, int.MaxValue);
                else if (ReplyText.Is(key, "master_replid"u8)) info.MasterReplId = ReplyText.Decode(value);
                else if (ReplyText.Is(key, "master_repl_offset"u8)) info.MasterReplOffset = Long(key, value);
                else if (ReplyText.Is(key, "master_host"u8)) info.MasterHost = ReplyText.Decode(value);
                else if (ReplyText.Is(key, "master_port"u8)) info.MasterPort = (int)Long(key, value, 0, 65535);
                else if (ReplyText.Is(key, "master_link_status"u8)) info.MasterLinkStatus = LinkStatus(value);
                else if (ReplyText.Is(key, "master_last_io_seconds_ago"u8)) info.MasterLastIoSecondsAgo = Long(key, value);
                else if (ReplyText.Is(key, "master_sync_in_progress"u8)) info.MasterSyncInProgress = Flag(key, value);
                else if (ReplyText.Is(key, "slave_read_only"u8)) info.SlaveReadOnly = Flag(key, value);
                else if (ReplyText.Is(key, "slave_repl_offset"u8)) info.SlaveReplOffset = Long(key, value);
                else if (ReplyText.Is(key, "slave_lag_frames"u8)) info.SlaveLagFrames = Long(key, value);
                else if (TryParseSlaveIndex(key, out int index))
                {
                    slaves ??= new List<ReplicationInfoSlave>();
                    string? sharedIp = slaves.Count > 0 ? slaves[slaves.Count - 1].Ip : null;
                    slaves.Add(ReplicationInfoSlaveLine.Parse(key, index, value, sharedIp));
                }
                else
                {
                    other ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    other[ReplyText.Decode(key)] = ReplyText.Decode(value);
                }
            }

            if (!sawRole) throw new FormatException("INFO replication: no 'role:' line in the reply");
            if (slaves != null)
            {
                SortByIndex(slaves);
                info.Slaves = slaves;
            }
            info.Other = other ?? NoOther;
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

        private static ReadOnlySpan<byte> TrimEndCr(ReadOnlySpan<byte> line)
        {
            int length = line.Length;
            while (length > 0 && line[length - 1] == (byte)'\r') length--;
            return line.Slice(0, length);
        }

        /// <summary><c>slave&lt;i&gt;</c>: <c>slave</c> then a decimal that fits an int (nothing else: no sign, no spaces).</summary>
        private static bool TryParseSlaveIndex(ReadOnlySpan<byte> key, out int index)
        {
            index = 0;
            if (key.Length <= 5 || !key.StartsWith("slave"u8)) return false;
            long value = 0;
            foreach (byte b in key.Slice(5))
            {
                uint digit = (uint)(b - (byte)'0');
                if (digit > 9) return false;
                value = value * 10 + digit;
                if (value > int.MaxValue) return false;
            }
            index = (int)value;
            return true;
        }

        /// <summary>Orders the slave lines by index, keeping the reply's order among equal ones.</summary>
        private static void SortByIndex(List<ReplicationInfoSlave> slaves)
        {
            for (int i = 1; i < slaves.Count; i++)
            {
                ReplicationInfoSlave slave = slaves[i];
                int j = i - 1;
                for (; j >= 0 && slaves[j].Index > slave.Index; j--) slaves[j + 1] = slaves[j];
                slaves[j + 1] = slave;
            }
        }

        private static string LinkStatus(ReadOnlySpan<byte> value)
        {
            if (ReplyText.Is(value, "up"u8)) return "up";
            return ReplyText.Is(value, "down"u8) ? "down" : ReplyText.Decode(value);
        }

        /// <summary>A number of <paramref name="key"/>'s line, in range, or a FormatException naming it.</summary>
        internal static long Long(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long min = long.MinValue, long max = long.MaxValue) =>
            FieldLong(key, ReadOnlySpan<byte>.Empty, value, min, max);

        /// <summary>A number in field <paramref name="name"/> of <paramref name="key"/>'s line (none: the line's value), in range, or a FormatException naming it.</summary>
        internal static long FieldLong(ReadOnlySpan<byte> key, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, long min = long.MinValue, long max = long.MaxValue)
        {
            // Plain digits on the short path; anything else as the text always was read: trimmed, then parsed.
            bool parsed = ReplyText.TryParseInt64(value, out long n)
                || long.TryParse(ReplyText.Decode(value).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n);
            if (parsed && n >= min && n <= max) return n;
            string field = name.IsEmpty ? ReplyText.Decode(key) : ReplyText.Decode(key) + " " + ReplyText.Decode(name);
            throw new FormatException($"INFO replication: {field} '{ReplyText.Decode(value)}' is not a valid number");
        }

        private static bool Flag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            if (ReplyText.Is(value, "0"u8)) return false;
            if (ReplyText.Is(value, "1"u8)) return true;
            return ReplyText.Decode(value).Trim() switch
            {
                "0" => false,
                "1" => true,
                _ => throw new FormatException($"INFO replication: {ReplyText.Decode(key)} '{ReplyText.Decode(value)}' is neither 0 nor 1"),
            };
        }
    }
}
