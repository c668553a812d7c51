// Baseline: a verbatim copy of src/KevyElect/Protocol/RespLineNumber.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
{
    /// <summary>
    /// Reads the decimal that ends a RESP header line (<c>*n</c>, <c>$n</c>, <c>:n</c>) up to its CRLF.
    /// Judges byte by byte, so a prefix that no continuation could make valid is Malformed at once
    /// (rather than waiting for a CRLF that may never come) and Incomplete always means "valid so far".
    /// </summary>
    internal static class RespLineNumber
    {
        /// <summary>
        /// Reads <c>[+|-]digits\r\n</c> starting at <paramref name="pos"/>.
        /// </summary>
        /// <param name="input">The buffer.</param>
        /// <param name="pos">Offset of the first byte after the type marker.</param>
        /// <param name="allowNegative">Whether a leading minus is legal here.</param>
        /// <param name="maxPositive">Largest non-negative value accepted; larger is Malformed as soon as the digits show it.</param>
        /// <param name="maxNegativeMagnitude">Largest magnitude accepted after a minus.</param>
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
            if (i >= input.Length) return RespReadStatus.Incomplete;

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
                if (i >= input.Length) return RespReadStatus.Incomplete;
                uint digit = (uint)(input[i] - (byte)'0');
                if (digit > 9) break;
                if (digit > limit || acc > (limit - digit) / 10) return RespReadStatus.Malformed;
                acc = acc * 10 + digit;
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
        /// Checks the CRLF that must follow a bulk payload ending at <paramref name="dataEnd"/>,
        /// judging whichever of its two bytes have arrived.
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
