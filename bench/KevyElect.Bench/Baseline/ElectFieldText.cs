// Baseline: a verbatim copy of src/KevyElect/Protocol/ElectFieldText.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using System.Text;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
{
    /// <summary>Field-level conversions of the elect wire: u64 decimals and lossy UTF-8 ids.</summary>
    internal static class ElectFieldText
    {
        /// <summary>
        /// Parses an unsigned 64-bit decimal the way the reference does (Rust's <c>u64::from_str</c>):
        /// an optional leading <c>+</c>, then one or more ASCII digits (leading zeros allowed);
        /// no minus, no spaces, no overflow, not empty.
        /// </summary>
        public static bool TryParseUInt64(ReadOnlySpan<byte> text, out ulong value)
        {
            value = 0;
            int i = 0;
            if (text.Length > 0 && text[0] == (byte)'+') i = 1;
            if (i >= text.Length) return false;
            ulong acc = 0;
            for (; i < text.Length; i++)
            {
                uint digit = (uint)(text[i] - (byte)'0');
                if (digit > 9) return false;
                if (acc > (ulong.MaxValue - digit) / 10) return false;
                acc = acc * 10 + digit;
            }
            value = acc;
            return true;
        }

        /// <summary>Number of decimal digits of <paramref name="value"/>.</summary>
        public static int CountDigits(ulong value)
        {
            int digits = 1;
            while (value >= 10)
            {
                value /= 10;
                digits++;
            }
            return digits;
        }

        /// <summary>Writes <paramref name="value"/> in decimal at <paramref name="pos"/>; returns the digits written.</summary>
        public static int WriteDigits(Span<byte> destination, int pos, ulong value)
        {
            int digits = CountDigits(value);
            for (int i = pos + digits - 1; i >= pos; i--)
            {
                destination[i] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            return digits;
        }

        /// <summary>Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD (the reference's lossy decode).</summary>
        public static unsafe string DecodeLossy(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty) return string.Empty;
            fixed (byte* p = bytes)
            {
                return Encoding.UTF8.GetString(p, bytes.Length);
            }
        }

        /// <summary>UTF-8 byte count of <paramref name="text"/> (unpaired surrogates count as U+FFFD).</summary>
        public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

        /// <summary>Encodes <paramref name="text"/> as UTF-8 at <paramref name="pos"/> without allocating; returns bytes written.</summary>
        public static unsafe int WriteUtf8(Span<byte> destination, int pos, string text)
        {
            if (text.Length == 0) return 0;
            Span<byte> target = destination.Slice(pos);
            fixed (char* chars = text)
            fixed (byte* bytes = target)
            {
                return Encoding.UTF8.GetBytes(chars, text.Length, bytes, target.Length);
            }
        }
    }
}
