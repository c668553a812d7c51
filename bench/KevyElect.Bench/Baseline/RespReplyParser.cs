// Baseline: a verbatim copy of src/KevyElect/Protocol/RespReplyParser.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
{
    /// <summary>
    /// Reads one RESP2 reply in two passes: a scan that validates and measures without allocating,
    /// then, only once the whole value is present, a build that copies it out. A peer claiming a huge
    /// array or bulk therefore costs nothing until its bytes have actually arrived.
    /// </summary>
    internal static class RespReplyParser
    {
        private const ulong LongMinMagnitude = 9223372036854775808UL;

        /// <summary>Reads a reply no longer than <paramref name="maxBytes"/>.</summary>
        public static RespReadStatus TryRead(ReadOnlySpan<byte> input, int maxBytes, out RespValue? value, out int consumed)
        {
            value = null;
            consumed = 0;
            ReadOnlySpan<byte> window = input.Length > maxBytes ? input.Slice(0, maxBytes) : input;
            RespReadStatus status = Scan(window, 0, 0, maxBytes, out int end);
            if (status == RespReadStatus.Incomplete && input.Length > maxBytes) return RespReadStatus.Malformed;
            if (status != RespReadStatus.Complete) return status;

            int pos = 0;
            value = Build(window, ref pos);
            consumed = end;
            return RespReadStatus.Complete;
        }

        private static RespReadStatus Scan(ReadOnlySpan<byte> input, int pos, int depth, int maxBytes, out int next)
        {
            next = 0;
            if (pos >= input.Length) return RespReadStatus.Incomplete;
            switch (input[pos])
            {
                case (byte)'+':
                case (byte)'-':
                    return ScanLine(input, pos, out next);
                case (byte)':':
                    return ReadInteger(input, pos, out _, out next);
                case (byte)'$':
                {
                    RespReadStatus status = ReadLength(input, pos, RespReader.MaxBulkLength, out long length, out int dataStart);
                    if (status != RespReadStatus.Complete) return status;
                    if (length < 0)
                    {
                        next = dataStart;
                        return RespReadStatus.Complete;
                    }
                    long dataEnd = dataStart + length;
                    if (dataEnd + 2 > maxBytes) return RespReadStatus.Malformed;
                    status = RespLineNumber.CheckTerminator(input, dataEnd);
                    if (status == RespReadStatus.Complete) next = (int)dataEnd + 2;
                    return status;
                }
                case (byte)'*':
                {
                    RespReadStatus status = ReadLength(input, pos, RespReader.MaxArrayCount, out long count, out int at);
                    if (status != RespReadStatus.Complete) return status;
                    if (count > 0 && depth >= RespReader.MaxReplyDepth) return RespReadStatus.Malformed;
                    for (long i = 0; i < count; i++)
                    {
                        status = Scan(input, at, depth + 1, maxBytes, out at);
                        if (status != RespReadStatus.Complete) return status;
                    }
                    next = at;
                    return RespReadStatus.Complete;
                }
                default:
                    return RespReadStatus.Malformed;
            }
        }

        /// <summary>Builds the value the scan validated at <paramref name="pos"/>.</summary>
        private static RespValue Build(ReadOnlySpan<byte> input, ref int pos)
        {
            byte marker = input[pos];
            switch (marker)
            {
                case (byte)'+':
                case (byte)'-':
                {
                    ScanLine(input, pos, out int next);
                    byte[] text = input.Slice(pos + 1, next - 2 - (pos + 1)).ToArray();
                    pos = next;
                    return RespValue.FromPayload(marker == (byte)'+' ? RespType.SimpleString : RespType.Error, text);
                }
                case (byte)':':
                {
                    ReadInteger(input, pos, out long integer, out pos);
                    return RespValue.Int(integer);
                }
                case (byte)'$':
                {
                    ReadLength(input, pos, RespReader.MaxBulkLength, out long length, out int dataStart);
                    if (length < 0)
                    {
                        pos = dataStart;
                        return RespValue.Null;
                    }
                    byte[] payload = input.Slice(dataStart, (int)length).ToArray();
                    pos = dataStart + (int)length + 2;
                    return RespValue.FromPayload(RespType.BulkString, payload);
                }
                default:
                {
                    ReadLength(input, pos, RespReader.MaxArrayCount, out long count, out pos);
                    if (count < 0) return RespValue.Null;
                    var items = new RespValue[count];
                    for (int i = 0; i < items.Length; i++) items[i] = Build(input, ref pos);
                    return RespValue.Array(items);
                }
            }
        }

        /// <summary>A simple string or error: everything up to the first CRLF.</summary>
        private static RespReadStatus ScanLine(ReadOnlySpan<byte> input, int pos, out int next)
        {
            next = 0;
            int eol = input.Slice(pos + 1).IndexOf("\r\n"u8);
            if (eol < 0) return RespReadStatus.Incomplete;
            next = pos + 1 + eol + 2;
            return RespReadStatus.Complete;
        }

        private static RespReadStatus ReadInteger(ReadOnlySpan<byte> input, int pos, out long value, out int next) =>
            RespLineNumber.Read(input, pos + 1, allowNegative: true, long.MaxValue, LongMinMagnitude, out value, out next);

        /// <summary>A bulk length or array count: 0..<paramref name="max"/>, or -1 for null.</summary>
        private static RespReadStatus ReadLength(ReadOnlySpan<byte> input, int pos, long max, out long value, out int next) =>
            RespLineNumber.Read(input, pos + 1, allowNegative: true, (ulong)max, maxNegativeMagnitude: 1, out value, out next);
    }
}
