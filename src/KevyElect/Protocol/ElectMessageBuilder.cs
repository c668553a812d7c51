using System;

namespace KevyElect.Protocol
{
    /// <summary>Maps a parsed command's fields onto an elect message, judging them in wire order as the reference does.</summary>
    internal static unsafe class ElectMessageBuilder
    {
        /// <summary>
        /// Maps a parsed command onto a message, judging fields in wire order. On failure,
        /// <paramref name="field"/> is the 0-based index of the field at fault (0 for the verb or arity).
        /// </summary>
        /// <param name="frame">The parsed input.</param>
        /// <param name="args">Where the command's first five arguments lie in <paramref name="frame"/>.</param>
        /// <param name="count">The command's number of arguments.</param>
        /// <param name="error">The failure kind when null is returned.</param>
        /// <param name="field">The field at fault when null is returned.</param>
        public static ElectMessage? Build(byte* frame, RespArg* args, int count, out DecodeErrorKind error, out int field)
        {
            error = DecodeErrorKind.WrongShape;
            field = 0;
            byte* verb = frame + args[0].Start;
            switch (args[0].Length)
            {
                case 2 when Lower(verb, 0) == 'h' && Lower(verb, 1) == 'b':
                {
                    if (count != 5) return null;
                    if (!Number(frame, args, 1, out ulong epoch, ref error, ref field)) return null;
                    if (!ElectRoleNames.TryParse(new ReadOnlySpan<byte>(frame + args[3].Start, args[3].Length), out ElectRole role))
                    {
                        error = DecodeErrorKind.BadRole;
                        field = 3;
                        return null;
                    }
                    if (!Number(frame, args, 4, out ulong offset, ref error, ref field)) return null;
                    return new HbMessage(epoch, Text(frame, args[2]), role, offset);
                }
                case 5 when ElectRoleNames.AsciiEqualsLower(new ReadOnlySpan<byte>(verb, 5), "offer"u8):
                {
                    if (count != 4) return null;
                    if (!Number(frame, args, 1, out ulong epoch, ref error, ref field)) return null;
                    if (!Number(frame, args, 3, out ulong offset, ref error, ref field)) return null;
                    return new OfferMessage(epoch, Text(frame, args[2]), offset);
                }
                case 6 when ElectRoleNames.AsciiEqualsLower(new ReadOnlySpan<byte>(verb, 6), "accept"u8):
                {
                    if (count != 3) return null;
                    if (!Number(frame, args, 1, out ulong epoch, ref error, ref field)) return null;
                    return new AcceptMessage(epoch, Text(frame, args[2]));
                }
                case 8 when ElectRoleNames.AsciiEqualsLower(new ReadOnlySpan<byte>(verb, 8), "announce"u8):
                {
                    if (count != 4) return null;
                    if (!Number(frame, args, 1, out ulong epoch, ref error, ref field)) return null;
                    return new AnnounceMessage(epoch, Text(frame, args[2]), Text(frame, args[3]));
                }
                default:
                    return null;
            }
        }

        /// <summary>The byte at <paramref name="index"/> with bit 5 set: a letter in lowercase, whatever its case.</summary>
        private static int Lower(byte* text, int index) => text[index] | 0x20;

        private static string Text(byte* frame, RespArg arg) => ElectFieldText.DecodeLossy(frame + arg.Start, arg.Length);

        private static bool Number(byte* frame, RespArg* args, int index, out ulong value, ref DecodeErrorKind error, ref int field)
        {
            if (ElectFieldText.TryParseUInt64(frame + args[index].Start, args[index].Length, out value)) return true;
            error = DecodeErrorKind.BadNumeric;
            field = index;
            return false;
        }
    }
}
