// Baseline: a verbatim copy of src/KevyElect/Protocol/RespCommandParser.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
{
    /// <summary>
    /// Finds one command at the front of a buffer exactly as the reference server's command parser
    /// does, without allocating: a multi-bulk array of bulk strings when the first byte is <c>*</c>,
    /// otherwise an inline line split on ASCII whitespace. Empty commands (<c>*0</c>, any negative
    /// count, a blank line) are skipped and their bytes counted in the amount consumed.
    /// </summary>
    /// <remarks>
    /// Where the reference waits for a CRLF before judging a header, this parser judges each byte as
    /// it arrives: a prefix no continuation could make valid (a letter in a count, a bulk length past
    /// the limit, a payload not followed by CRLF) is Malformed at once, never Incomplete. Every
    /// complete input gets the reference's answer.
    /// </remarks>
    internal static class RespCommandParser
    {
        private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

        /// <summary>Parses the first non-empty command of <paramref name="input"/>.</summary>
        public static RespReadStatus TryParse(ReadOnlySpan<byte> input, out RespCommand command, out int consumed)
        {
            command = default;
            consumed = 0;
            int skipped = 0;
            while (true)
            {
                if (skipped >= input.Length) return RespReadStatus.Incomplete;
                ReadOnlySpan<byte> rest = input.Slice(skipped);
                RespReadStatus status = rest[0] == (byte)'*'
                    ? ParseMultiBulk(rest, out command, out int used)
                    : ParseInline(rest, out command, out used);
                if (status != RespReadStatus.Complete)
                {
                    command = default;
                    return status;
                }

                if (command.Count == 0)
                {
                    skipped += used;
                    continue;
                }

                consumed = skipped + used;
                return RespReadStatus.Complete;
            }
        }

        /// <summary>The bytes the reference splits inline commands on (Rust's <c>is_ascii_whitespace</c>: no vertical tab).</summary>
        internal static bool IsInlineSeparator(byte b) =>
            b == (byte)' ' || b == (byte)'\t' || b == (byte)'\n' || b == (byte)'\r' || b == 0x0C;

        private static RespReadStatus ParseInline(ReadOnlySpan<byte> input, out RespCommand command, out int used)
        {
            command = default;
            used = 0;
            int eol = input.IndexOf(Crlf);
            if (eol < 0) return RespReadStatus.Incomplete;

            int count = 0;
            int i = 0;
            while (i < eol)
            {
                if (IsInlineSeparator(input[i])) { i++; continue; }
                count++;
                while (i < eol && !IsInlineSeparator(input[i])) i++;
            }

            command = new RespCommand(input, isInline: true, argsStart: 0, argsEnd: eol, count);
            used = eol + 2;
            return RespReadStatus.Complete;
        }

        private static RespReadStatus ParseMultiBulk(ReadOnlySpan<byte> input, out RespCommand command, out int used)
        {
            command = default;
            used = 0;
            RespReadStatus status = RespLineNumber.Read(
                input, 1, allowNegative: true, maxPositive: RespReader.MaxArrayCount, maxNegativeMagnitude: long.MaxValue,
                out long count, out int argsStart);
            if (status != RespReadStatus.Complete) return status;
            if (count <= 0)
            {
                // A null or empty array: an empty command, skipped by the caller.
                command = new RespCommand(input, isInline: false, argsStart, argsStart, 0);
                used = argsStart;
                return RespReadStatus.Complete;
            }

            int pos = argsStart;
            for (long n = 0; n < count; n++)
            {
                status = ReadBulk(input, pos, out pos);
                if (status != RespReadStatus.Complete) return status;
            }

            command = new RespCommand(input, isInline: false, argsStart, pos, (int)count);
            used = pos;
            return RespReadStatus.Complete;
        }

        /// <summary>Validates one <c>$len\r\n payload \r\n</c> at <paramref name="pos"/>.</summary>
        private static RespReadStatus ReadBulk(ReadOnlySpan<byte> input, int pos, out int next)
        {
            next = 0;
            if (pos >= input.Length) return RespReadStatus.Incomplete;
            if (input[pos] != (byte)'$') return RespReadStatus.Malformed;
            RespReadStatus status = RespLineNumber.Read(
                input, pos + 1, allowNegative: false, maxPositive: RespReader.MaxBulkLength, maxNegativeMagnitude: 0,
                out long length, out int dataStart);
            if (status != RespReadStatus.Complete) return status;
            long dataEnd = dataStart + length;
            status = RespLineNumber.CheckTerminator(input, dataEnd);
            if (status != RespReadStatus.Complete) return status;
            next = (int)dataEnd + 2;
            return RespReadStatus.Complete;
        }
    }
}
