using System;
using System.Runtime.CompilerServices;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Reads the decimal that ends a RESP header line (<c>*n</c>, <c>$n</c>, <c>:n</c>) up to its CRLF.
    /// Judges byte by byte, so a header that no continuation could make valid is Malformed at once
    /// (rather than waiting for a CRLF that may never come).
    /// </summary>
    internal static class RespLineNumber
    {
        /// <summary>Above this, one more digit exceeds every limit a caller may pass (all are at most 2^63).</summary>
        private const ulong LastSafeAccumulator = (ulong.MaxValue - 9) / 10;

        /// <summary>
        /// Reads <c>[+|-]digits\r\n</c> starting at <paramref name="pos"/>.
        /// </summary>
        /// <param name="input">The buffer.</param>
        /// <param name="pos">Offset of the first byte after the type marker.</param>
        /// <param name="allowNegative">Whether a leading minus is legal here.</param>
        /// <param name="maxPositive">Largest non-negative value accepted (at most 2^63); larger is Malformed as soon as the digits show it.</param>
        /// <param name="maxNegativeMagnitude">Largest magnitude accepted after a minus (at most 2^63).</param>
        /// <param name="value">The value read.</param>
        /// <param name="next">Offset just past the CRLF.</param>
        public static RespReadStatus Read(
            ReadOnlySpan<byte> input,
            int pos,
            bool allowNegative,
            ulong maxPositive,
            ulong maxNegativeMagnitude,
            out long value,
            out int next)
        {
            value = 0;
            next = 0;
            int i = pos;
            if ((uint)i >= (uint)input.Length) return RespReadStatus.Incomplete;

            bool negative = false;
            byte first = input[i];
            if (first == (byte)'-')
            {
                if (!allowNegative) return RespReadStatus.Malformed;
                negative = true;
                i++;
            }
            else if (first == (byte)'+')
            {
                i++;
            }

            ulong limit = negative ? maxNegativeMagnitude : maxPositive;
            int digitsStart = i;
            ulong acc = 0;
            while (true)
            {
                if ((uint)i >= (uint)input.Length) return RespReadStatus.Incomplete;
                uint digit = (uint)(input[i] - (byte)'0');
                if (digit > 9) break;
                if (acc > LastSafeAccumulator) return RespReadStatus.Malformed;
                acc = acc * 10 + digit;
                if (acc > limit) return RespReadStatus.Malformed;
                i++;
            }

            if (input[i] != (byte)'\r' || i == digitsStart) return RespReadStatus.Malformed;
            if (i + 1 >= input.Length) return RespReadStatus.Incomplete;
            if (input[i + 1] != (byte)'\n') return RespReadStatus.Malformed;

            value = negative ? unchecked(-(long)acc) : (long)acc;
            next = i + 2;
            return RespReadStatus.Complete;
        }

        /// <summary>
        /// Reads the number of a header that has already been validated, starting at <paramref name="p"/>
        /// (the byte after the marker), and moves <paramref name="p"/> past its CRLF.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe long ReadValidated(ref byte* p)
        {
            bool negative = *p == (byte)'-';
            if (negative || *p == (byte)'+') p++;
            ulong magnitude = 0;
            for (; *p != (byte)'\r'; p++) magnitude = magnitude * 10 + (uint)(*p - (byte)'0');
            p += 2;
            return negative ? unchecked(-(long)magnitude) : (long)magnitude;
        }

        /// <summary>
        /// Checks the CRLF that must follow a reply's bulk payload ending at <paramref name="dataEnd"/>,
        /// judging whichever of its two bytes have arrived (a reply reader's Incomplete means "valid so far").
        /// </summary>
        public static RespReadStatus CheckTerminator(ReadOnlySpan<byte> input, long dataEnd)
        {
            if (input.Length <= dataEnd) return RespReadStatus.Incomplete;
            int end = (int)dataEnd;
            if (input[end] != (byte)'\r') return RespReadStatus.Malformed;
            if (input.Length <= end + 1) return RespReadStatus.Incomplete;
            return input[end + 1] == (byte)'\n' ? RespReadStatus.Complete : RespReadStatus.Malformed;
        }
    }
}
