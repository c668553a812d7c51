using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace KevyElect.Protocol
{
    /// <summary>Encodes and decodes elect frames exactly as the reference does. Pure: no I/O.</summary>
    /// <remarks>
    /// Encoding writes verbs uppercase, roles lowercase and numbers as plain decimals; ids and
    /// addresses go out as UTF-8 (an unpaired surrogate becomes U+FFFD). Decoding runs the server's
    /// command parser (<see cref="RespReader.TryReadCommand"/>), so inline frames, skipped empty
    /// arrays and bare CRLF, <c>+</c>-signed and zero-padded numbers are accepted as the reference
    /// accepts them, and fields are judged in wire order.
    /// </remarks>
    public static class ElectCodec
    {
        /// <summary>Most fields of any elect frame (HB's five).</summary>
        private const int MaxFields = 5;

        // Each verb's array header and verb field, and each role's field: constant bytes, copied whole.
        private static ReadOnlySpan<byte> HbHeader => "*5\r\n$2\r\nHB\r\n"u8;
        private static ReadOnlySpan<byte> OfferHeader => "*4\r\n$5\r\nOFFER\r\n"u8;
        private static ReadOnlySpan<byte> AcceptHeader => "*3\r\n$6\r\nACCEPT\r\n"u8;
        private static ReadOnlySpan<byte> AnnounceHeader => "*4\r\n$8\r\nANNOUNCE\r\n"u8;
        private static ReadOnlySpan<byte> PrimaryField => "$7\r\nprimary\r\n"u8;
        private static ReadOnlySpan<byte> ReplicaField => "$7\r\nreplica\r\n"u8;
        private static ReadOnlySpan<byte> CandidateField => "$9\r\ncandidate\r\n"u8;

        /// <summary>Exact number of bytes <paramref name="message"/> encodes to.</summary>
        /// <exception cref="ArgumentNullException">The message or one of its strings is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An HB role is not a defined <see cref="ElectRole"/>.</exception>
        public static int GetEncodedLength(ElectMessage message) => Measure(message).Length;

        /// <summary>Encodes into <paramref name="destination"/> without allocating; returns bytes written.</summary>
        /// <exception cref="ArgumentException">The destination is shorter than <see cref="GetEncodedLength"/>.</exception>
        public static int Encode(ElectMessage message, Span<byte> destination)
        {
            FrameLayout layout = Measure(message);
            if (destination.Length < layout.Length)
            {
                throw new ArgumentException(
                    $"destination holds {destination.Length} bytes but the {message.Verb} frame needs {layout.Length}", nameof(destination));
            }
            Write(message, layout, destination);
            return layout.Length;
        }

        /// <summary>Encodes into a buffer writer without allocating.</summary>
        /// <exception cref="ArgumentNullException">The writer is null.</exception>
        /// <exception cref="InvalidOperationException">The writer's span is shorter than it was asked for.</exception>
        public static void Encode(ElectMessage message, IBufferWriter<byte> writer)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            FrameLayout layout = Measure(message);
            Span<byte> destination = writer.GetSpan(layout.Length);
            if (destination.Length < layout.Length)
            {
                throw new InvalidOperationException(
                    $"the buffer writer gave {destination.Length} bytes where the {message.Verb} frame needs {layout.Length}");
            }
            Write(message, layout, destination);
            writer.Advance(layout.Length);
        }

        /// <summary>Encodes into a new array.</summary>
        public static byte[] Encode(ElectMessage message)
        {
            FrameLayout layout = Measure(message);
            byte[] frame = new byte[layout.Length];
            Write(message, layout, frame);
            return frame;
        }

        /// <summary>Decodes the first frame of <paramref name="input"/>. Never throws.</summary>
        /// <remarks>
        /// <para>Every complete input gets the reference's verdict, and completeness is judged before
        /// content as the reference does: while a bulk field's declared data and both bytes of its CRLF
        /// have not all arrived the answer is <see cref="DecodeErrorKind.Truncated"/>, even when a
        /// terminator byte already there is wrong; input holding only skippable bytes (blank lines,
        /// <c>*0</c>, any negative count) is Truncated too.</para>
        /// <para>Headers are judged as their bytes arrive, where the reference waits for their CRLF: a
        /// non-digit (or a CR without LF) in a count or length, an empty count or length, a negative
        /// bulk length, an array element that is not a bulk string, or a count over 1048576 or length
        /// over 512 MiB is <see cref="DecodeErrorKind.Bad"/> as soon as the offending byte arrives.
        /// An inline line without its CRLF stays Truncated however long it grows:
        /// <see cref="FrameReader"/> bounds it. An empty verb is an unknown verb (WrongShape).</para>
        /// </remarks>
        public static unsafe DecodeResult Decode(ReadOnlySpan<byte> input)
        {
            fixed (byte* frame = input)
            {
                ElectMessage? canonical = ElectCanonicalDecoder.TryDecode(frame, input.Length, out int used);
                if (canonical is not null) return DecodeResult.Success(canonical, used);
            }
            return DecodeAnyForm(input);
        }

        /// <summary>The full decoder: every form the reference accepts, and every failure with its kind.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static unsafe DecodeResult DecodeAnyForm(ReadOnlySpan<byte> input)
        {
            var detail = default(RespParseDetail);
            RespArg* args = stackalloc RespArg[MaxFields];
            switch (RespCommandParser.TryParse(input, new Span<RespArg>(args, MaxFields), out int count, out int consumed, ref detail))
            {
                case RespReadStatus.Incomplete:
                    return DecodeResult.Failure(DecodeErrorKind.Truncated);
                case RespReadStatus.Malformed:
                    return DecodeResult.Failure(DecodeErrorKind.Bad);
            }

            ElectMessage? message;
            DecodeErrorKind error;
            fixed (byte* frame = input)
            {
                message = ToMessage(frame, args, count, out error, out _);
            }
            return message is null ? DecodeResult.Failure(error) : DecodeResult.Success(message, consumed);
        }

        /// <summary>
        /// Maps a parsed command onto a message, judging fields in wire order. On failure,
        /// <paramref name="field"/> is the 0-based index of the field at fault (0 for the verb or arity).
        /// </summary>
        /// <param name="frame">The parsed input.</param>
        /// <param name="args">Where the command's first <see cref="MaxFields"/> arguments lie in <paramref name="frame"/>.</param>
        /// <param name="count">The command's number of arguments.</param>
        /// <param name="error">The failure kind when null is returned.</param>
        /// <param name="field">The field at fault when null is returned.</param>
        internal static unsafe ElectMessage? ToMessage(byte* frame, RespArg* args, int count, out DecodeErrorKind error, out int field)
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
        private static unsafe int Lower(byte* text, int index) => text[index] | 0x20;

        private static unsafe string Text(byte* frame, RespArg arg) => ElectFieldText.DecodeLossy(frame + arg.Start, arg.Length);

        private static unsafe bool Number(byte* frame, RespArg* args, int index, out ulong value, ref DecodeErrorKind error, ref int field)
        {
            if (ElectFieldText.TryParseUInt64(frame + args[index].Start, args[index].Length, out value)) return true;
            error = DecodeErrorKind.BadNumeric;
            field = index;
            return false;
        }

        /// <summary>What a message's frame is made of, measured once and used to write it.</summary>
        private readonly struct FrameLayout
        {
            public FrameLayout(int epochDigits, int numberDigits, int text1, int text2, int length)
            {
                EpochDigits = epochDigits;
                NumberDigits = numberDigits;
                Text1 = text1;
                Text2 = text2;
                Length = length;
            }

            /// <summary>Digits of the epoch.</summary>
            public int EpochDigits { get; }

            /// <summary>Digits of the replication offset (HB, OFFER).</summary>
            public int NumberDigits { get; }

            /// <summary>UTF-8 bytes of the id.</summary>
            public int Text1 { get; }

            /// <summary>UTF-8 bytes of ANNOUNCE's address.</summary>
            public int Text2 { get; }

            /// <summary>The whole frame's length.</summary>
            public int Length { get; }
        }

        private static FrameLayout Measure(ElectMessage message)
        {
            switch (message)
            {
                case HbMessage hb:
                {
                    int epoch = ElectFieldText.CountDigits(hb.Epoch);
                    int offset = ElectFieldText.CountDigits(hb.ReplOffset);
                    int id = TextLength(hb.NodeId, nameof(HbMessage.NodeId));
                    int length = HbHeader.Length + BulkLength(epoch) + BulkLength(id) + RoleField(hb.Role).Length + BulkLength(offset);
                    return new FrameLayout(epoch, offset, id, 0, length);
                }
                case OfferMessage offer:
                {
                    int epoch = ElectFieldText.CountDigits(offer.Epoch);
                    int offset = ElectFieldText.CountDigits(offer.ReplOffset);
                    int id = TextLength(offer.CandidateId, nameof(OfferMessage.CandidateId));
                    return new FrameLayout(epoch, offset, id, 0, OfferHeader.Length + BulkLength(epoch) + BulkLength(id) + BulkLength(offset));
                }
                case AcceptMessage accept:
                {
                    int epoch = ElectFieldText.CountDigits(accept.Epoch);
                    int id = TextLength(accept.AccepterId, nameof(AcceptMessage.AccepterId));
                    return new FrameLayout(epoch, 0, id, 0, AcceptHeader.Length + BulkLength(epoch) + BulkLength(id));
                }
                case AnnounceMessage announce:
                {
                    int epoch = ElectFieldText.CountDigits(announce.Epoch);
                    int id = TextLength(announce.NewPrimaryId, nameof(AnnounceMessage.NewPrimaryId));
                    int addr = TextLength(announce.NewPrimaryAddr, nameof(AnnounceMessage.NewPrimaryAddr));
                    return new FrameLayout(epoch, 0, id, addr, AnnounceHeader.Length + BulkLength(epoch) + BulkLength(id) + BulkLength(addr));
                }
                case null:
                    throw new ArgumentNullException(nameof(message));
                default:
                    throw new ArgumentException($"unknown elect message type {message.GetType().Name}", nameof(message));
            }
        }

        /// <summary>Writes the frame <paramref name="layout"/> measured; the destination is known to be long enough.</summary>
        private static unsafe void Write(ElectMessage message, in FrameLayout layout, Span<byte> destination)
        {
            fixed (byte* start = destination)
            {
                byte* p = start;
                switch (message)
                {
                    case HbMessage hb:
                        p = Copy(p, HbHeader);
                        p = WriteNumber(p, hb.Epoch, layout.EpochDigits);
                        p = WriteText(p, hb.NodeId, layout.Text1);
                        p = Copy(p, RoleField(hb.Role));
                        WriteNumber(p, hb.ReplOffset, layout.NumberDigits);
                        break;
                    case OfferMessage offer:
                        p = Copy(p, OfferHeader);
                        p = WriteNumber(p, offer.Epoch, layout.EpochDigits);
                        p = WriteText(p, offer.CandidateId, layout.Text1);
                        WriteNumber(p, offer.ReplOffset, layout.NumberDigits);
                        break;
                    case AcceptMessage accept:
                        p = Copy(p, AcceptHeader);
                        p = WriteNumber(p, accept.Epoch, layout.EpochDigits);
                        WriteText(p, accept.AccepterId, layout.Text1);
                        break;
                    case AnnounceMessage announce:
                        p = Copy(p, AnnounceHeader);
                        p = WriteNumber(p, announce.Epoch, layout.EpochDigits);
                        p = WriteText(p, announce.NewPrimaryId, layout.Text1);
                        WriteText(p, announce.NewPrimaryAddr, layout.Text2);
                        break;
                }
            }
        }

        private static ReadOnlySpan<byte> RoleField(ElectRole role) => role switch
        {
            ElectRole.Primary => PrimaryField,
            ElectRole.Replica => ReplicaField,
            ElectRole.Candidate => CandidateField,
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not an elect role"),
        };

        /// <summary>Bytes of a bulk field with a payload of <paramref name="payload"/> bytes: <c>$len\r\n payload \r\n</c>.</summary>
        private static int BulkLength(int payload) => 1 + ElectFieldText.CountDigits((ulong)payload) + 2 + payload + 2;

        private static int TextLength(string text, string field)
        {
            if (text is null) throw new ArgumentNullException(field, $"the message's {field} is null");
            return ElectFieldText.Utf8Length(text);
        }

        // The writers below advance a cursor through a destination measured beforehand, so they need no bounds checks.

        private static unsafe byte* Copy(byte* p, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(new Span<byte>(p, bytes.Length));
            return p + bytes.Length;
        }

        private static unsafe byte* WriteCrlf(byte* p)
        {
            p[0] = (byte)'\r';
            p[1] = (byte)'\n';
            return p + 2;
        }

        private static unsafe byte* WriteBulkHeader(byte* p, int length)
        {
            *p++ = (byte)'$';
            int digits = length < 10 ? 1 : ElectFieldText.CountDigits((ulong)length);
            ElectFieldText.WriteDigits(p, (ulong)length, digits);
            return WriteCrlf(p + digits);
        }

        private static unsafe byte* WriteNumber(byte* p, ulong value, int digits)
        {
            p = WriteBulkHeader(p, digits);
            ElectFieldText.WriteDigits(p, value, digits);
            return WriteCrlf(p + digits);
        }

        private static unsafe byte* WriteText(byte* p, string text, int utf8Length)
        {
            p = WriteBulkHeader(p, utf8Length);
            ElectFieldText.WriteUtf8(p, text, utf8Length);
            return WriteCrlf(p + utf8Length);
        }
    }
}
