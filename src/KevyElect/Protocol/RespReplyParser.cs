using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Reads one RESP2 reply in two passes: a scan that validates and measures without allocating,
    /// then, only once the whole value is present, a build that copies it out. A peer claiming a huge
    /// array or bulk therefore costs nothing until its bytes have actually arrived.
    /// </summary>
    /// <remarks>
    /// An array is built as one copy of its wire bytes (<see cref="RespValue.FromEncodedArray"/>); its
    /// elements are built from them when first asked for (<see cref="BuildItems"/>). Headers with plain
    /// short decimals, which is every header of a ROLE or INFO reply, are read on a short path.
    /// </remarks>
    internal static unsafe class RespReplyParser
    {
        private const ulong LongMinMagnitude = 9223372036854775808UL;

        /// <summary>Most digits the short path reads: any 18-digit decimal fits in a long.</summary>
        private const int ShortDigits = 18;

        /// <summary>Reads a reply no longer than <paramref name="maxBytes"/>.</summary>
        public static RespReadStatus TryRead(ReadOnlySpan<byte> input, int maxBytes, out RespValue? value, out int consumed)
        {
            value = null;
            consumed = 0;
            ReadOnlySpan<byte> window = input.Length > maxBytes ? input.Slice(0, maxBytes) : input;
            RespReadStatus status;
            int end;
            fixed (byte* b = window)
            {
                status = Scan(b, window.Length, 0, maxBytes, out end);
            }
            if (status == RespReadStatus.Incomplete && input.Length > maxBytes) return RespReadStatus.Malformed;
            if (status != RespReadStatus.Complete) return status;

            value = window[0] == (byte)'*' ? BuildArray(window, end) : BuildScalar(window, 0);
            consumed = end;
            return RespReadStatus.Complete;
        }

        /// <summary>The elements of the validated array at <paramref name="start"/> in <paramref name="encoding"/>.</summary>
        public static IReadOnlyList<RespValue> BuildItems(byte[] encoding, int start, int length)
        {
            ReadOnlySpan<byte> wire = new ReadOnlySpan<byte>(encoding, 0, start + length);
            var items = new RespValue[ValidatedNumber(wire, start, out int pos)];
            for (int i = 0; i < items.Length; i++)
            {
                int next = Skip(wire, pos);
                items[i] = wire[pos] == (byte)'*' ? BuildArray(encoding, pos, next - pos) : BuildScalar(wire, pos);
                pos = next;
            }
            return items;
        }

        /// <summary>The validated array at the start of <paramref name="input"/>, <paramref name="length"/> bytes long: copied once.</summary>
        private static RespValue BuildArray(ReadOnlySpan<byte> input, int length)
        {
            long count = ValidatedNumber(input, 0, out _);
            if (count <= 0) return count < 0 ? RespValue.Null : RespValue.Array(Array.Empty<RespValue>());
            return RespValue.FromEncodedArray(input.Slice(0, length).ToArray(), 0, length);
        }

        /// <summary>The validated array at <paramref name="start"/> of <paramref name="encoding"/>: a view of the same bytes.</summary>
        private static RespValue BuildArray(byte[] encoding, int start, int length)
        {
            long count = ValidatedNumber(encoding, start, out _);
            if (count <= 0) return count < 0 ? RespValue.Null : RespValue.Array(Array.Empty<RespValue>());
            return RespValue.FromEncodedArray(encoding, start, length);
        }

        /// <summary>Builds the validated scalar (anything but an array) at <paramref name="pos"/>.</summary>
        private static RespValue BuildScalar(ReadOnlySpan<byte> input, int pos)
        {
            byte marker = input[pos];
            switch (marker)
            {
                case (byte)'+':
                case (byte)'-':
                {
                    int eol = input.Slice(pos + 1).IndexOf("\r\n"u8);
                    byte[] text = input.Slice(pos + 1, eol).ToArray();
                    return RespValue.FromPayload(marker == (byte)'+' ? RespType.SimpleString : RespType.Error, text);
                }
                case (byte)':':
                    return RespValue.Int(ValidatedNumber(input, pos, out _));
                default:
                {
                    long length = ValidatedNumber(input, pos, out int dataStart);
                    return length < 0 ? RespValue.Null : RespValue.FromPayload(RespType.BulkString, input.Slice(dataStart, (int)length).ToArray());
                }
            }
        }

        /// <summary>Offset just past the validated value at <paramref name="pos"/>.</summary>
        private static int Skip(ReadOnlySpan<byte> input, int pos)
        {
            switch (input[pos])
            {
                case (byte)'+':
                case (byte)'-':
                case (byte)':':
                    return pos + 1 + input.Slice(pos + 1).IndexOf("\r\n"u8) + 2;
                case (byte)'$':
                {
                    long length = ValidatedNumber(input, pos, out int dataStart);
                    return length < 0 ? dataStart : dataStart + (int)length + 2;
                }
                default:
                {
                    long count = ValidatedNumber(input, pos, out int next);
                    for (long i = 0; i < count; i++) next = Skip(input, next);
                    return next;
                }
            }
        }

        /// <summary>
        /// Validates the value at <paramref name="pos"/> and finds its end, walking nested arrays with a
        /// count of the values still due at each depth rather than by recursion.
        /// </summary>
        private static RespReadStatus Scan(byte* b, int length, int pos, int maxBytes, out int next)
        {
            next = 0;
            DueCounts counts;
            int* due = counts.Values;
            int depth = 0;
            due[0] = 1;
            while (true)
            {
                if (pos >= length) return RespReadStatus.Incomplete;
                switch (b[pos])
                {
                    case (byte)'$':
                    {
                        if (!TryShortNumber(b, length, pos + 1, out long size, out int dataStart) || size > RespReader.MaxBulkLength)
                        {
                            RespReadStatus header = ReadLength(new ReadOnlySpan<byte>(b, length), pos, RespReader.MaxBulkLength, out size, out dataStart);
                            if (header != RespReadStatus.Complete) return header;
                        }
                        if (size < 0)
                        {
                            pos = dataStart;
                            break;
                        }
                        long dataEnd = dataStart + size;
                        if (dataEnd + 2 > maxBytes) return RespReadStatus.Malformed;
                        if (dataEnd + 2 > length || b[dataEnd] != (byte)'\r' || b[dataEnd + 1] != (byte)'\n')
                        {
                            RespReadStatus terminator = RespLineNumber.CheckTerminator(new ReadOnlySpan<byte>(b, length), dataEnd);
                            if (terminator != RespReadStatus.Complete) return terminator;
                        }
                        pos = (int)dataEnd + 2;
                        break;
                    }
                    case (byte)'*':
                    {
                        if (!TryShortNumber(b, length, pos + 1, out long count, out int first) || count > RespReader.MaxArrayCount)
                        {
                            RespReadStatus header = ReadLength(new ReadOnlySpan<byte>(b, length), pos, RespReader.MaxArrayCount, out count, out first);
                            if (header != RespReadStatus.Complete) return header;
                        }
                        pos = first;
                        if (count > 0)
                        {
                            if (depth >= RespReader.MaxReplyDepth) return RespReadStatus.Malformed;
                            due[++depth] = (int)count;
                            continue;
                        }
                        break;
                    }
                    case (byte)':':
                    {
                        if (!TryShortNumber(b, length, pos + 1, out _, out int after))
                        {
                            RespReadStatus header = ReadInteger(new ReadOnlySpan<byte>(b, length), pos, out _, out after);
                            if (header != RespReadStatus.Complete) return header;
                        }
                        pos = after;
                        break;
                    }
                    case (byte)'+':
                    case (byte)'-':
                    {
                        int eol = new ReadOnlySpan<byte>(b + pos + 1, length - pos - 1).IndexOf("\r\n"u8);
                        if (eol < 0) return RespReadStatus.Incomplete;
                        pos += 1 + eol + 2;
                        break;
                    }
                    default:
                        return RespReadStatus.Malformed;
                }

                // One value ended: so may the arrays it closes.
                due[depth]--;
                while (due[depth] == 0)
                {
                    if (depth == 0)
                    {
                        next = pos;
                        return RespReadStatus.Complete;
                    }
                    due[--depth]--;
                }
            }
        }

        /// <summary>How many values are still due at each depth of a reply being scanned.</summary>
        private struct DueCounts
        {
            public fixed int Values[RespReader.MaxReplyDepth + 1];
        }

        /// <summary>
        /// The short path of a header's number: up to <see cref="ShortDigits"/> plain digits and a CRLF.
        /// False for anything else (a sign, a longer number, an incomplete or broken line), which the
        /// full reader then judges.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool TryShortNumber(byte* b, int length, int pos, out long value, out int next)
        {
            // One digit, the commonest header of all.
            if (pos + 2 < length && (uint)(b[pos] - '0') <= 9 && b[pos + 1] == (byte)'\r' && b[pos + 2] == (byte)'\n')
            {
                value = b[pos] - '0';
                next = pos + 3;
                return true;
            }
            value = 0;
            next = 0;
            int limit = Math.Min(length, pos + ShortDigits);
            int i = pos;
            long acc = 0;
            while (i < limit)
            {
                uint digit = (uint)(b[i] - '0');
                if (digit > 9) break;
                acc = acc * 10 + digit;
                i++;
            }
            if (i == pos || i + 1 >= length || b[i] != (byte)'\r' || b[i + 1] != (byte)'\n') return false;
            value = acc;
            next = i + 2;
            return true;
        }

        /// <summary>The number of the validated header at <paramref name="pos"/> (its marker there), and the offset past its CRLF.</summary>
        private static long ValidatedNumber(ReadOnlySpan<byte> input, int pos, out int next)
        {
            fixed (byte* start = input)
            {
                byte* p = start + pos + 1;
                long value = RespLineNumber.ReadValidated(ref p);
                next = (int)(p - start);
                return value;
            }
        }

        private static RespReadStatus ReadInteger(ReadOnlySpan<byte> input, int pos, out long value, out int next) =>
            RespLineNumber.Read(input, pos + 1, allowNegative: true, long.MaxValue, LongMinMagnitude, out value, out next);

        /// <summary>A bulk length or array count: 0..<paramref name="max"/>, or -1 for null.</summary>
        private static RespReadStatus ReadLength(ReadOnlySpan<byte> input, int pos, long max, out long value, out int next) =>
            RespLineNumber.Read(input, pos + 1, allowNegative: true, (ulong)max, maxNegativeMagnitude: 1, out value, out next);
    }
}
