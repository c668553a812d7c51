using System;
using System.Runtime.CompilerServices;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Finds one command at the front of a buffer exactly as the reference server's command parser
    /// does, without allocating: a multi-bulk array of bulk strings when the first byte is <c>*</c>,
    /// otherwise an inline line split on ASCII whitespace. Empty commands (<c>*0</c>, any negative
    /// count, a blank line) are skipped and their bytes counted in the amount consumed; input holding
    /// nothing else is Incomplete.
    /// </summary>
    /// <remarks>
    /// <para>Completeness comes before content for a bulk field, as in the reference: while its declared
    /// data and both bytes of its CRLF have not all arrived the answer is Incomplete, even when a
    /// terminator byte already there is wrong.</para>
    /// <para>Headers are judged byte by byte where the reference waits for their CRLF: a count or
    /// length with a non-digit, a CR without LF, or a value past the limit is Malformed as soon as the
    /// offending byte arrives. Every complete input gets the reference's answer.</para>
    /// <para>The walk uses a pointer into the pinned input: every read is preceded by a check against
    /// the input's length, and the headers of the one- and two-digit lengths that elect frames use are
    /// read on a short path.</para>
    /// </remarks>
    internal static unsafe class RespCommandParser
    {
        /// <summary>
        /// Parses the first non-empty command of <paramref name="input"/>, recording where its first
        /// <c>args.Length</c> arguments lie (every argument is validated; the rest are only counted).
        /// </summary>
        /// <param name="input">The buffer.</param>
        /// <param name="args">Receives the first arguments' positions in <paramref name="input"/>.</param>
        /// <param name="count">The command's number of arguments (never 0 on Complete).</param>
        /// <param name="consumed">Bytes used, skipped empties included.</param>
        /// <param name="detail">On Incomplete or Malformed, where and why the parse stopped; untouched otherwise.</param>
        public static RespReadStatus TryParse(
            ReadOnlySpan<byte> input, Span<RespArg> args, out int count, out int consumed, ref RespParseDetail detail)
        {
            count = 0;
            consumed = 0;
            int length = input.Length;
            fixed (byte* b = input)
            fixed (RespArg* a = args)
            {
                int pos = 0;
                while (true)
                {
                    if (pos >= length)
                    {
                        detail.Problem = RespParseProblem.OnlyEmpty;
                        return RespReadStatus.Incomplete;
                    }

                    long result = b[pos] == (byte)'*'
                        ? ParseMultiBulk(b, length, pos, a, args.Length, ref detail)
                        : ParseInline(b, length, pos, a, args.Length, ref detail);
                    if (result < 0)
                    {
                        detail.CommandStart = pos;
                        return (RespReadStatus)(-result);
                    }

                    // The command's argument count in the high half, the offset past it in the low half.
                    int found = (int)(result >> 32);
                    pos = (int)result;
                    if (found != 0)
                    {
                        count = found;
                        consumed = pos;
                        return RespReadStatus.Complete;
                    }
                }
            }
        }

        /// <summary>The bytes the reference splits inline commands on (Rust's <c>is_ascii_whitespace</c>: no vertical tab).</summary>
        internal static bool IsInlineSeparator(byte b) =>
            b == (byte)' ' || b == (byte)'\t' || b == (byte)'\n' || b == (byte)'\r' || b == 0x0C;

        /// <summary>Packs a parsed command's argument count and next offset; a failure is minus its status.</summary>
        private static long Parsed(int count, int next) => ((long)count << 32) | (uint)next;

        private static long Failed(RespReadStatus status) => -(long)status;

        private static long ParseInline(byte* b, int length, int start, RespArg* args, int room, ref RespParseDetail detail)
        {
            int eol = new ReadOnlySpan<byte>(b + start, length - start).IndexOf("\r\n"u8);
            if (eol < 0)
            {
                detail.Problem = RespParseProblem.InlineUnterminated;
                detail.At = start;
                return Failed(RespReadStatus.Incomplete);
            }

            int end = start + eol;
            int count = 0;
            int i = start;
            while (i < end)
            {
                if (IsInlineSeparator(b[i]))
                {
                    i++;
                    continue;
                }
                int argStart = i;
                while (i < end && !IsInlineSeparator(b[i])) i++;
                if (count < room) args[count] = new RespArg(argStart, i - argStart);
                count++;
            }
            return Parsed(count, end + 2);
        }

        private static long ParseMultiBulk(byte* b, int length, int start, RespArg* args, int room, ref RespParseDetail detail)
        {
            int fields, pos;
            // The single-digit count of every elect frame, or the general header.
            if (start + 3 < length && (uint)(b[start + 1] - '0') <= 9 && IsCrLf(b + start + 2))
            {
                fields = b[start + 1] - '0';
                pos = start + 4;
            }
            else
            {
                long header = ReadArrayHeader(b, length, start);
                if (header < 0)
                {
                    detail.Problem = RespParseProblem.ArrayHeader;
                    detail.At = start;
                    return header;
                }
                fields = (int)(header >> 32);
                pos = (int)header;
            }

            // A null or empty array (a negative count reads as 0): an empty command, skipped by the caller.
            if (fields == 0) return Parsed(0, pos);


            for (int n = 0; n < fields; n++)
            {
                int dataStart, size;
                if (pos + 4 < length && b[pos] == (byte)'$' && (uint)(b[pos + 1] - '0') <= 9)
                {
                    if (IsCrLf(b + pos + 2))
                    {
                        size = b[pos + 1] - '0';
                        dataStart = pos + 4;
                    }
                    else if ((uint)(b[pos + 2] - '0') <= 9 && IsCrLf(b + pos + 3))
                    {
                        size = (b[pos + 1] - '0') * 10 + (b[pos + 2] - '0');
                        dataStart = pos + 5;
                    }
                    else
                    {
                        long header = ReadBulkHeader(b, length, pos);
                        if (header < 0) return FieldFailed(b, length, header, pos, n, fields, ref detail);
                        dataStart = (int)header;
                        size = (int)(header >> 32);
                    }
                }
                else
                {
                    long header = ReadBulkHeader(b, length, pos);
                    if (header < 0) return FieldFailed(b, length, header, pos, n, fields, ref detail);
                    dataStart = (int)header;
                    size = (int)(header >> 32);
                }

                // Completeness first: the data and both bytes of its CRLF, then their content.
                int end = dataStart + size;
                if (length - 2 - dataStart < size || !IsCrLf(b + end))
                {
                    bool incomplete = length - 2 - dataStart < size;
                    detail.Problem = incomplete ? RespParseProblem.FieldData : RespParseProblem.FieldTerminator;
                    detail.At = pos;
                    detail.Count = fields;
                    detail.Field = n;
                    detail.Length = size;
                    detail.DataStart = dataStart;
                    return Failed(incomplete ? RespReadStatus.Incomplete : RespReadStatus.Malformed);
                }

                if (n < room) args[n] = new RespArg(dataStart, size);
                pos = end + 2;
            }
            return Parsed(fields, pos);
        }

        /// <summary>An array header of any form at <paramref name="start"/>: its count (0 for a negative one) and the offset past it packed, or minus a status.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long ReadArrayHeader(byte* b, int length, int start)
        {
            RespReadStatus status = RespLineNumber.Read(
                new ReadOnlySpan<byte>(b, length), start + 1, allowNegative: true, maxPositive: RespReader.MaxArrayCount,
                maxNegativeMagnitude: long.MaxValue, out long declared, out int next);
            return status == RespReadStatus.Complete ? Parsed(declared > 0 ? (int)declared : 0, next) : Failed(status);
        }

        /// <summary>A bulk header of any form at <paramref name="pos"/>: its length and data offset packed, or minus a status.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long ReadBulkHeader(byte* b, int length, int pos)
        {
            if (pos >= length) return Failed(RespReadStatus.Incomplete);
            if (b[pos] != (byte)'$') return Failed(RespReadStatus.Malformed);
            RespReadStatus status = RespLineNumber.Read(
                new ReadOnlySpan<byte>(b, length), pos + 1, allowNegative: false, maxPositive: RespReader.MaxBulkLength,
                maxNegativeMagnitude: 0, out long declared, out int dataStart);
            return status == RespReadStatus.Complete ? Parsed((int)declared, dataStart) : Failed(status);
        }

        private static long FieldFailed(byte* b, int length, long header, int pos, int field, int count, ref RespParseDetail detail)
        {
            detail.Problem = pos >= length ? RespParseProblem.FieldMissing
                : b[pos] != (byte)'$' ? RespParseProblem.FieldNotBulk
                : RespParseProblem.FieldHeader;
            detail.At = pos;
            detail.Count = count;
            detail.Field = field;
            return header;
        }

        private static bool IsCrLf(byte* p) => p[0] == (byte)'\r' && p[1] == (byte)'\n';
    }
}
