using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace KevyElect.Protocol
{
    /// <summary>Field-level conversions of the elect wire: u64 decimals and lossy UTF-8 ids.</summary>
    /// <remarks>Hot paths of the codec: no division in the parse, two digits per step in the write, and
    /// ASCII text (every id the rule allows) copied without going through an encoder.</remarks>
    internal static class ElectFieldText
    {
        private const ulong MaxDiv10 = ulong.MaxValue / 10;
        private const uint MaxMod10 = (uint)(ulong.MaxValue % 10);
        private const int SafeDigits = 19;

        /// <summary>"00" .. "99": the two digits of each value below 100.</summary>
        private static ReadOnlySpan<byte> DigitPairs =>
            "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

        /// <summary>
        /// Parses an unsigned 64-bit decimal the way the reference does (Rust's <c>u64::from_str</c>):
        /// an optional leading <c>+</c>, then one or more ASCII digits (leading zeros allowed);
        /// no minus, no spaces, no overflow, not empty.
        /// </summary>
        public static unsafe bool TryParseUInt64(ReadOnlySpan<byte> text, out ulong value)
        {
            fixed (byte* p = text)
            {
                return TryParseUInt64(p, text.Length, out value);
            }
        }

        /// <summary>Parses the <paramref name="length"/> bytes at <paramref name="text"/> as <see cref="TryParseUInt64(ReadOnlySpan{byte}, out ulong)"/> does.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe bool TryParseUInt64(byte* text, int length, out ulong value)
        {
            value = 0;
            int i = 0;
            if (length > 0 && text[0] == (byte)'+') i = 1;
            if (i >= length) return false;
            // Up to 19 digits never overflow (10^19 - 1 < 2^64): only longer numbers pay the check.
            bool mayOverflow = length - i > SafeDigits;
            ulong acc = 0;
            for (; i < length; i++)
            {
                uint digit = (uint)(text[i] - (byte)'0');
                if (digit > 9) return false;
                if (mayOverflow && acc >= MaxDiv10 && (acc > MaxDiv10 || digit > MaxMod10)) return false;
                acc = acc * 10 + digit;
            }
            value = acc;
            return true;
        }

        /// <summary>Number of decimal digits of <paramref name="value"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int CountDigits(ulong value) => value < 10 ? 1 : value < 100 ? 2 : CountManyDigits(value);

        private static int CountManyDigits(ulong value)
        {
            int digits = 3;
            ulong bound = 1000;
            while (value >= bound)
            {
                digits++;
                if (digits == 20) break; // 10^20 does not fit in 64 bits; every larger value has 20 digits
                bound *= 10;
            }
            return digits;
        }

        /// <summary>Writes <paramref name="value"/> in decimal at <paramref name="pos"/>; returns the digits written.</summary>
        public static unsafe int WriteDigits(Span<byte> destination, int pos, ulong value)
        {
            int digits = CountDigits(value);
            fixed (byte* p = destination.Slice(pos, digits))
            {
                WriteDigits(p, value, digits);
            }
            return digits;
        }

        /// <summary>Writes <paramref name="value"/>, known to have <paramref name="digits"/> digits, at <paramref name="destination"/>.</summary>
        public static unsafe void WriteDigits(byte* destination, ulong value, int digits)
        {
            byte* p = destination + digits;
            while (value >= 100)
            {
                ulong rest = value / 100;
                int pair = (int)(value - rest * 100) * 2;
                value = rest;
                p -= 2;
                p[0] = DigitPairs[pair];
                p[1] = DigitPairs[pair + 1];
            }
            if (value >= 10)
            {
                int pair = (int)value * 2;
                destination[0] = DigitPairs[pair];
                destination[1] = DigitPairs[pair + 1];
            }
            else
            {
                destination[0] = (byte)('0' + (int)value);
            }
        }

        /// <summary>Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD (the reference's lossy decode).</summary>
        public static unsafe string DecodeLossy(ReadOnlySpan<byte> bytes)
        {
            fixed (byte* p = bytes)
            {
                return DecodeLossy(p, bytes.Length);
            }
        }

        /// <summary>Decodes the <paramref name="length"/> bytes at <paramref name="bytes"/> as <see cref="DecodeLossy(ReadOnlySpan{byte})"/> does.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe string DecodeLossy(byte* bytes, int length)
        {
            if (length == 0) return string.Empty;

            // ASCII (every id the rule allows) widens byte for byte. netstandard2.0 has no string.Create,
            // so the new string is filled in place: it is fresh (length > 0, never string.Empty) and
            // nobody else holds it yet. Text with any other byte takes the UTF-8 decoder's path instead.
            string text = new string('\0', length);
            int seen;
            fixed (char* chars = text)
            {
                seen = AsciiText.Widen(bytes, chars, length);
            }
            return seen < 0x80 ? text : Encoding.UTF8.GetString(bytes, length);
        }

        /// <summary>UTF-8 byte count of <paramref name="text"/> (unpaired surrogates count as U+FFFD).</summary>
        /// <remarks>Equal to the length exactly when the text is ASCII: every other char takes two or more bytes.</remarks>
        public static unsafe int Utf8Length(string text)
        {
            fixed (char* chars = text)
            {
                return AsciiText.IsAscii(chars, text.Length) ? text.Length : Encoding.UTF8.GetByteCount(text);
            }
        }

        /// <summary>
        /// Encodes <paramref name="text"/>, whose <see cref="Utf8Length"/> is <paramref name="utf8Length"/>,
        /// as UTF-8 at <paramref name="destination"/> without allocating.
        /// </summary>
        public static unsafe void WriteUtf8(byte* destination, string text, int utf8Length)
        {
            fixed (char* chars = text)
            {
                if (utf8Length == text.Length)
                {
                    AsciiText.Narrow(chars, destination, utf8Length);
                    return;
                }
                Encoding.UTF8.GetBytes(chars, text.Length, destination, utf8Length);
            }
        }
    }
}
