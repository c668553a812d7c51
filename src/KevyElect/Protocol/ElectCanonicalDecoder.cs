using System;
using System.Runtime.CompilerServices;

namespace KevyElect.Protocol
{
    /// <summary>
    /// The decoder's short path: one pass over a frame in the form the encoder writes (a one-digit
    /// count, fields with one- or two-digit lengths, a known verb with its arity, valid fields),
    /// building the message as it goes. It answers only with a message; anything else, from a
    /// skipped empty array to a wrong role, it leaves to the full decoder, which gives every input the
    /// reference's verdict. A message from here is therefore always the one the full decoder would
    /// build, with the same bytes consumed.
    /// </summary>
    internal static unsafe class ElectCanonicalDecoder
    {
        // The lowercase verbs as little-endian words: "hb", "offe", "acce" + "pt", "announce".
        private const ushort Hb16 = 'h' | 'b' << 8;
        private const uint Offe32 = 'o' | 'f' << 8 | 'f' << 16 | (uint)'e' << 24;
        private const uint Acce32 = 'a' | 'c' << 8 | 'c' << 16 | (uint)'e' << 24;
        private const ushort Pt16 = 'p' | 't' << 8;
        private const ulong Announce64 = 'a' | 'n' << 8 | 'n' << 16 | (ulong)'o' << 24 | (ulong)'u' << 32 | (ulong)'n' << 40 | (ulong)'c' << 48 | (ulong)'e' << 56;

        /// <summary>Decodes <paramref name="length"/> bytes at <paramref name="b"/> when they start with a canonical frame; null otherwise.</summary>
        public static ElectMessage? TryDecode(byte* b, int length, out int consumed)
        {
            consumed = 0;
            if (length < 4 || b[0] != (byte)'*' || b[2] != (byte)'\r' || b[3] != (byte)'\n') return null;
            int count = b[1] - '0';
            int pos = 4;
            if (!Field(b, length, ref pos, out int verb, out int verbLength)) return null;

            // One small method per verb, so each gets its fields' reads and its message inlined.
            // Verbs are matched a word at a time: setting bit 5 of each byte folds a letter's two cases onto
            // its lowercase form and maps no other byte there, so this is the full decoder's case-blind match.
            // The words are little-endian: on a big-endian machine no verb matches here and the full decoder takes every frame.
            byte* v = b + verb;
            switch (verbLength)
            {
                case 2 when count == 5 && (Word16(v) | 0x2020) == Hb16:
                    return Hb(b, length, pos, out consumed);
                case 5 when count == 4 && (Word32(v) | 0x20202020u) == Offe32 && (v[4] | 0x20) == 'r':
                    return Offer(b, length, pos, out consumed);
                case 6 when count == 3 && (Word32(v) | 0x20202020u) == Acce32 && (Word16(v + 4) | 0x2020) == Pt16:
                    return Accept(b, length, pos, out consumed);
                case 8 when count == 4 && (Word64(v) | 0x2020202020202020ul) == Announce64:
                    return Announce(b, length, pos, out consumed);
                default:
                    return null;
            }
        }

        private static HbMessage? Hb(byte* b, int length, int pos, out int consumed)
        {
            consumed = 0;
            if (!Number(b, length, ref pos, out ulong epoch)
                || !Field(b, length, ref pos, out int id, out int idLength)
                || !Field(b, length, ref pos, out int role, out int roleLength)
                || !ElectRoleNames.TryParse(new ReadOnlySpan<byte>(b + role, roleLength), out ElectRole parsedRole)
                || !Number(b, length, ref pos, out ulong offset))
            {
                return null;
            }
            consumed = pos;
            return new HbMessage(epoch, RecentAsciiStrings.Decode(b + id, idLength), parsedRole, offset);
        }

        private static OfferMessage? Offer(byte* b, int length, int pos, out int consumed)
        {
            consumed = 0;
            if (!Number(b, length, ref pos, out ulong epoch)
                || !Field(b, length, ref pos, out int id, out int idLength)
                || !Number(b, length, ref pos, out ulong offset))
            {
                return null;
            }
            consumed = pos;
            return new OfferMessage(epoch, RecentAsciiStrings.Decode(b + id, idLength), offset);
        }

        private static AcceptMessage? Accept(byte* b, int length, int pos, out int consumed)
        {
            consumed = 0;
            if (!Number(b, length, ref pos, out ulong epoch) || !Field(b, length, ref pos, out int id, out int idLength)) return null;
            consumed = pos;
            return new AcceptMessage(epoch, RecentAsciiStrings.Decode(b + id, idLength));
        }

        private static AnnounceMessage? Announce(byte* b, int length, int pos, out int consumed)
        {
            consumed = 0;
            if (!Number(b, length, ref pos, out ulong epoch)
                || !Field(b, length, ref pos, out int id, out int idLength)
                || !Field(b, length, ref pos, out int addr, out int addrLength))
            {
                return null;
            }
            consumed = pos;
            return new AnnounceMessage(epoch, RecentAsciiStrings.Decode(b + id, idLength), RecentAsciiStrings.Decode(b + addr, addrLength));
        }

        /// <summary>
        /// Reads one whole <c>$len\r\n data \r\n</c> with a one- or two-digit length at <paramref name="pos"/>
        /// and moves past it; false when the field is anything else or not all there.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Field(byte* b, int length, ref int pos, out int start, out int size)
        {
            int p = pos;
            start = size = 0;
            if (p + 4 >= length || b[p] != (byte)'$') return false;
            uint d0 = (uint)(b[p + 1] - '0');
            if (d0 > 9) return false;
            if (b[p + 2] == (byte)'\r' && b[p + 3] == (byte)'\n')
            {
                size = (int)d0;
                start = p + 4;
            }
            else
            {
                uint d1 = (uint)(b[p + 2] - '0');
                if (d1 > 9 || b[p + 3] != (byte)'\r' || b[p + 4] != (byte)'\n') return false;
                size = (int)(d0 * 10 + d1);
                start = p + 5;
            }
            int end = start + size;
            if (length - 2 < end || b[end] != (byte)'\r' || b[end + 1] != (byte)'\n') return false;
            pos = end + 2;
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Number(byte* b, int length, ref int pos, out ulong value)
        {
            value = 0;
            return Field(b, length, ref pos, out int start, out int size) && ElectFieldText.TryParseUInt64(b + start, size, out value);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ushort Word16(byte* at) => Unsafe.ReadUnaligned<ushort>(at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Word32(byte* at) => Unsafe.ReadUnaligned<uint>(at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Word64(byte* at) => Unsafe.ReadUnaligned<ulong>(at);
    }
}
