using System;
using KevyElect.Protocol;

namespace KevyElect.DataPlane
{
    /// <summary>
    /// A primary's ROLE reply in the form kevy writes it, read in one straight pass over its validated
    /// wire bytes: <c>["master", :offset, [[ip, port, offset], ...]]</c> with one-digit counts, bulk
    /// strings with one- or two-digit lengths and plain decimals for the numbers. Any other form gets
    /// null, and the general walk of <see cref="RoleReply"/> answers, so a reply read here is always the
    /// one that walk would build.
    /// </summary>
    internal static unsafe class RoleReplyMasterForm
    {
        private static ReadOnlySpan<byte> Prefix => "*3\r\n$6\r\nmaster\r\n"u8;

        /// <summary>Reads the validated reply of <paramref name="length"/> bytes at <paramref name="wire"/> (kept pinned by the caller).</summary>
        public static RoleReply? TryRead(byte* wire, int length)
        {
            byte* end = wire + length;
            if (length < Prefix.Length + 8 || !new ReadOnlySpan<byte>(wire, Prefix.Length).SequenceEqual(Prefix)) return null;
            byte* p = wire + Prefix.Length;
            if (*p != (byte)':' || !Digits(ref p, p + 1, end, out long offset)) return null;
            if (*p != (byte)'*' || p[2] != (byte)'\r' || (uint)(p[1] - '0') > 9) return null;
            int listed = p[1] - '0';
            p += 4;

            var replicas = new RoleReplica[listed];
            string? host = null;
            byte* hostRead = null;
            int hostLength = 0;
            for (int i = 0; i < listed; i++)
            {
                // "*3\r\n", then the host, port and offset as bulk strings.
                if (end - p < 4 || p[0] != (byte)'*' || p[1] != (byte)'3' || p[2] != (byte)'\r') return null;
                p += 4;
                if (!Bulk(ref p, end, out byte* text, out int textLength) || textLength == 0) return null;
                if (host is null || !new ReadOnlySpan<byte>(text, textLength).SequenceEqual(new ReadOnlySpan<byte>(hostRead, hostLength)))
                {
                    // A probe reads the same few hosts every second: the cache hands back the string it made last time.
                    host = RecentAsciiStrings.Decode(text, textLength);
                }
                hostRead = text;
                hostLength = textLength;
                if (!BulkNumber(ref p, end, out long port) || port > 65535 || !BulkNumber(ref p, end, out long replicaOffset)) return null;
                replicas[i] = new RoleReplica(host, (int)port, replicaOffset);
            }
            return p == end ? RoleReply.Master(offset, replicas) : null;
        }

        /// <summary>A bulk string with a one- or two-digit length at <paramref name="p"/>; its terminator is known to be there.</summary>
        private static bool Bulk(ref byte* p, byte* end, out byte* text, out int length)
        {
            text = null;
            length = 0;
            if (end - p < 5 || p[0] != (byte)'$' || (uint)(p[1] - '0') > 9) return false;
            if (p[2] == (byte)'\r')
            {
                length = p[1] - '0';
                text = p + 4;
            }
            else if ((uint)(p[2] - '0') <= 9 && p[3] == (byte)'\r')
            {
                length = (p[1] - '0') * 10 + (p[2] - '0');
                text = p + 5;
            }
            else
            {
                return false;
            }
            p = text + length + 2;
            return true;
        }

        /// <summary>A bulk string of one to 18 plain digits at <paramref name="p"/>.</summary>
        private static bool BulkNumber(ref byte* p, byte* end, out long value)
        {
            value = 0;
            byte* start = p;
            if (!Bulk(ref p, end, out byte* text, out int length) || length == 0 || length > 18) return false;
            long acc = 0;
            for (int i = 0; i < length; i++)
            {
                uint digit = (uint)(text[i] - '0');
                if (digit > 9)
                {
                    p = start;
                    return false;
                }
                acc = acc * 10 + digit;
            }
            value = acc;
            return true;
        }

        /// <summary>One to 18 plain digits from <paramref name="from"/> up to a CR, moving <paramref name="p"/> past the CRLF.</summary>
        private static bool Digits(ref byte* p, byte* from, byte* end, out long value)
        {
            value = 0;
            long acc = 0;
            byte* d = from;
            while (d < end && d - from < 19 && (uint)(*d - '0') <= 9) acc = acc * 10 + (*d++ - '0');
            if (d == from || d - from > 18 || d >= end || *d != (byte)'\r') return false;
            value = acc;
            p = d + 2;
            return true;
        }
    }
}
