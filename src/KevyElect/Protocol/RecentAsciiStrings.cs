using System.Runtime.CompilerServices;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Short ASCII fields read lately (node ids, ANNOUNCE addresses, the replica hosts of ROLE replies), so a frame or
    /// reply from a peer heard before reuses that peer's strings instead of allocating them: a node hears the same few
    /// ids five times a second per peer, and a probe reads the same few hosts every time. A small table of slots, each
    /// holding the last ASCII text whose bytes hash there; a miss decodes and takes the slot. Racing threads at worst
    /// replace each other's entry: a slot is one reference, and a string is only returned when its bytes match.
    /// </summary>
    internal static unsafe class RecentAsciiStrings
    {
        private const int Slots = 64;
        private const int MaxCachedLength = 32; // the id rule's limit; longer fields (long host names, bad ids) are decoded afresh

        private static readonly string?[] s_slots = new string?[Slots];

        /// <summary>The text of the <paramref name="length"/> bytes at <paramref name="bytes"/>, as <see cref="ElectFieldText.DecodeLossy(byte*, int)"/> gives it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static string Decode(byte* bytes, int length)
        {
            if (length == 0 || length > MaxCachedLength) return ElectFieldText.DecodeLossy(bytes, length);
            int slot = (length * 31 + bytes[0] * 7 + bytes[length - 1]) & (Slots - 1);
            string? known = s_slots[slot];
            if (known != null && Matches(known, bytes, length)) return known;
            return Miss(bytes, length, slot);
        }

        private static string Miss(byte* bytes, int length, int slot)
        {
            string text = ElectFieldText.DecodeLossy(bytes, length);
            // Only ASCII is kept: there a char equals its byte, which is what Matches compares.
            if (text.Length == length && IsAscii(bytes, length)) s_slots[slot] = text;
            return text;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Matches(string known, byte* bytes, int length)
        {
            if (known.Length != length) return false;
            fixed (char* chars = known)
            {
                for (int i = 0; i < length; i++)
                {
                    if (chars[i] != bytes[i]) return false;
                }
            }
            return true;
        }

        private static bool IsAscii(byte* bytes, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (bytes[i] >= 0x80) return false;
            }
            return true;
        }
    }
}
