// Baseline: a verbatim copy of src/KevyElect/Protocol/RespReader.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using System.Collections.Generic;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
{
    /// <summary>
    /// Reads RESP2 from buffers: replies of any type (client side) and commands as the
    /// reference server parses them (server side). Pure: no I/O, never throws on input.
    /// </summary>
    /// <remarks>
    /// Incomplete always means the bytes so far can still become a valid value: a header byte that
    /// no continuation could fix (a letter in a length, a count over the limit, a payload not
    /// followed by CRLF) is Malformed as soon as it arrives. Claimed sizes are never allocated
    /// before their bytes are present.
    /// </remarks>
    public static class RespReader
    {
        /// <summary>Largest array count accepted (the reference's limit).</summary>
        public const int MaxArrayCount = 1048576;

        /// <summary>Largest bulk length accepted (512 MiB, the reference's limit).</summary>
        public const long MaxBulkLength = 512L * 1024 * 1024;

        /// <summary>Deepest nesting of arrays accepted in a reply; deeper is Malformed (bounds the parser's stack).</summary>
        public const int MaxReplyDepth = 64;

        /// <summary>Reads one reply value (any type, nested arrays) from the start of <paramref name="input"/>.</summary>
        /// <remarks>
        /// Simple strings and errors run to the first CRLF. <c>$-1</c> and <c>*-1</c> read as
        /// <see cref="RespValue.Null"/>; any other negative length or count is Malformed.
        /// </remarks>
        public static RespReadStatus TryReadReply(ReadOnlySpan<byte> input, out RespValue? value, out int consumed) =>
            RespReplyParser.TryRead(input, int.MaxValue, out value, out consumed);

        /// <summary>
        /// Reads one reply value, refusing (Malformed) one that is, or claims to be, longer than
        /// <paramref name="maxReplyBytes"/> in total, so a client can bound what a server makes it buffer.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxReplyBytes"/> is below 3, the smallest reply.</exception>
        public static RespReadStatus TryReadReply(ReadOnlySpan<byte> input, int maxReplyBytes, out RespValue? value, out int consumed)
        {
            if (maxReplyBytes < 3)
            {
                throw new ArgumentOutOfRangeException(nameof(maxReplyBytes), maxReplyBytes, "a reply limit must be at least 3 bytes");
            }
            return RespReplyParser.TryRead(input, maxReplyBytes, out value, out consumed);
        }

        /// <summary>
        /// Reads one command as the reference server does: a multi-bulk array of bulk strings or an
        /// inline line; empty arrays and bare CRLF are skipped and counted in <paramref name="consumed"/>.
        /// On Complete, <paramref name="args"/> holds the arguments (never empty).
        /// </summary>
        public static RespReadStatus TryReadCommand(ReadOnlySpan<byte> input, out IReadOnlyList<byte[]>? args, out int consumed)
        {
            args = null;
            RespReadStatus status = RespCommandParser.TryParse(input, out RespCommand command, out consumed);
            if (status != RespReadStatus.Complete) return status;

            var copies = new byte[command.Count][];
            int i = 0;
            foreach (ReadOnlySpan<byte> arg in command) copies[i++] = arg.ToArray();
            args = copies;
            return RespReadStatus.Complete;
        }
    }
}
