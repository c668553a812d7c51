using System;
using System.Runtime.CompilerServices;

namespace KevyElect.Protocol
{
    /// <summary>
    /// ASCII between UTF-16 and bytes, four characters a step: the copies behind every id and address
    /// the codec reads or writes. A step reads one word (unaligned), so the bytes and chars must stay pinned.
    /// </summary>
    internal static unsafe class AsciiText
    {
        /// <summary>True when all <paramref name="length"/> chars at <paramref name="chars"/> are ASCII.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsAscii(char* chars, int length)
        {
            ulong seen = 0;
            int i = 0;
            for (; i + 4 <= length; i += 4) seen |= Unsafe.ReadUnaligned<ulong>(chars + i);
            if ((seen & 0xFF80FF80FF80FF80UL) != 0) return false;
            for (; i < length; i++)
            {
                if (chars[i] >= 0x80) return false;
            }
            return true;
        }

        /// <summary>Copies <paramref name="length"/> ASCII chars to bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Narrow(char* chars, byte* bytes, int length)
        {
            int i = 0;
            if (BitConverter.IsLittleEndian)
            {
                for (; i + 4 <= length; i += 4)
                {
                    // c0 | c1 << 16 | c2 << 32 | c3 << 48, each below 0x80: fold the pairs, then the halves.
                    ulong four = Unsafe.ReadUnaligned<ulong>(chars + i);
                    four = (four | (four >> 8)) & 0x0000FFFF0000FFFFUL;
                    Unsafe.WriteUnaligned(bytes + i, (uint)four | (uint)(four >> 16));
                }
            }
            for (; i < length; i++) bytes[i] = (byte)chars[i];
        }

        /// <summary>Copies <paramref name="length"/> bytes to chars, byte for byte; returns the bytes or'ed together (below 0x80: all ASCII).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Widen(byte* bytes, char* chars, int length)
        {
            uint seen = 0;
            int i = 0;
            if (BitConverter.IsLittleEndian)
            {
                for (; i + 4 <= length; i += 4)
                {
                    // b0 | b1 << 8 | b2 << 16 | b3 << 24: spread the halves, then the bytes, to 16 bits each.
                    uint quad = Unsafe.ReadUnaligned<uint>(bytes + i);
                    seen |= quad;
                    ulong wide = quad;
                    wide = (wide | (wide << 16)) & 0x0000FFFF0000FFFFUL;
                    Unsafe.WriteUnaligned(chars + i, (wide | (wide << 8)) & 0x00FF00FF00FF00FFUL);
                }
                seen = (seen | (seen >> 8) | (seen >> 16) | (seen >> 24)) & 0xFF;
            }
            for (; i < length; i++)
            {
                seen |= bytes[i];
                chars[i] = (char)bytes[i];
            }
            return (int)seen;
        }
    }
}
