using System;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Writes elect frames as the reference encoder does: verbs uppercase, roles lowercase, numbers as
    /// plain decimals, ids and addresses as UTF-8. Each frame is measured once (its numbers' digits and
    /// its texts' UTF-8 lengths) and then written through a cursor, so the writes need no bounds checks.
    /// </summary>
    internal static unsafe class ElectFrameWriter
    {
        // Each verb's array header and verb field, and each role's field: constant bytes, copied whole.
        private static ReadOnlySpan<byte> HbHeader => "*5\r\n$2\r\nHB\r\n"u8;
        private static ReadOnlySpan<byte> OfferHeader => "*4\r\n$5\r\nOFFER\r\n"u8;
        private static ReadOnlySpan<byte> AcceptHeader => "*3\r\n$6\r\nACCEPT\r\n"u8;
        private static ReadOnlySpan<byte> AnnounceHeader => "*4\r\n$8\r\nANNOUNCE\r\n"u8;
        private static ReadOnlySpan<byte> PrimaryField => "$7\r\nprimary\r\n"u8;
        private static ReadOnlySpan<byte> ReplicaField => "$7\r\nreplica\r\n"u8;
        private static ReadOnlySpan<byte> CandidateField => "$9\r\ncandidate\r\n"u8;

        /// <summary>The length of <paramref name="message"/>'s frame.</summary>
        /// <exception cref="ArgumentNullException">The message or one of its strings is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An HB role is not a defined <see cref="ElectRole"/>.</exception>
        public static int Length(ElectMessage message) => message switch
        {
            HbMessage hb => Measure(hb).Length,
            OfferMessage offer => Measure(offer).Length,
            AcceptMessage accept => Measure(accept).Length,
            AnnounceMessage announce => Measure(announce).Length,
            _ => throw Unknown(message),
        };

        /// <summary>
        /// Writes <paramref name="message"/>'s frame at the start of <paramref name="destination"/> and
        /// returns its length; when it does not fit, writes nothing and returns minus the length it needs.
        /// </summary>
        /// <exception cref="ArgumentNullException">The message or one of its strings is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An HB role is not a defined <see cref="ElectRole"/>.</exception>
        public static int TryWrite(ElectMessage message, Span<byte> destination)
        {
            fixed (byte* p = destination)
            {
                switch (message)
                {
                    case HbMessage hb:
                    {
                        FrameLayout layout = Measure(hb);
                        if (destination.Length < layout.Length) return -layout.Length;
                        byte* at = Copy(p, HbHeader);
                        at = WriteNumber(at, hb.Epoch, layout.EpochDigits);
                        at = WriteText(at, hb.NodeId, layout.Text1);
                        at = Copy(at, RoleField(hb.GetRole()));
                        WriteNumber(at, hb.ReplOffset, layout.NumberDigits);
                        return layout.Length;
                    }
                    case OfferMessage offer:
                    {
                        FrameLayout layout = Measure(offer);
                        if (destination.Length < layout.Length) return -layout.Length;
                        byte* at = Copy(p, OfferHeader);
                        at = WriteNumber(at, offer.Epoch, layout.EpochDigits);
                        at = WriteText(at, offer.CandidateId, layout.Text1);
                        WriteNumber(at, offer.ReplOffset, layout.NumberDigits);
                        return layout.Length;
                    }
                    case AcceptMessage accept:
                    {
                        FrameLayout layout = Measure(accept);
                        if (destination.Length < layout.Length) return -layout.Length;
                        byte* at = Copy(p, AcceptHeader);
                        at = WriteNumber(at, accept.Epoch, layout.EpochDigits);
                        WriteText(at, accept.AccepterId, layout.Text1);
                        return layout.Length;
                    }
                    case AnnounceMessage announce:
                    {
                        FrameLayout layout = Measure(announce);
                        if (destination.Length < layout.Length) return -layout.Length;
                        byte* at = Copy(p, AnnounceHeader);
                        at = WriteNumber(at, announce.Epoch, layout.EpochDigits);
                        at = WriteText(at, announce.NewPrimaryId, layout.Text1);
                        WriteText(at, announce.NewPrimaryAddr, layout.Text2);
                        return layout.Length;
                    }
                    default:
                        throw Unknown(message);
                }
            }
        }

        /// <summary>What a frame is made of: its numbers' digits, its texts' UTF-8 lengths, and its length.</summary>
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

        private static FrameLayout Measure(HbMessage hb)
        {
            int epoch = ElectFieldText.CountDigits(hb.Epoch);
            int offset = ElectFieldText.CountDigits(hb.ReplOffset);
            int id = TextLength(hb.NodeId, nameof(HbMessage.NodeId));
            int length = HbHeader.Length + BulkLength(epoch) + BulkLength(id) + RoleField(hb.GetRole()).Length + BulkLength(offset);
            return new FrameLayout(epoch, offset, id, 0, length);
        }

        private static FrameLayout Measure(OfferMessage offer)
        {
            int epoch = ElectFieldText.CountDigits(offer.Epoch);
            int offset = ElectFieldText.CountDigits(offer.ReplOffset);
            int id = TextLength(offer.CandidateId, nameof(OfferMessage.CandidateId));
            return new FrameLayout(epoch, offset, id, 0, OfferHeader.Length + BulkLength(epoch) + BulkLength(id) + BulkLength(offset));
        }

        private static FrameLayout Measure(AcceptMessage accept)
        {
            int epoch = ElectFieldText.CountDigits(accept.Epoch);
            int id = TextLength(accept.AccepterId, nameof(AcceptMessage.AccepterId));
            return new FrameLayout(epoch, 0, id, 0, AcceptHeader.Length + BulkLength(epoch) + BulkLength(id));
        }

        private static FrameLayout Measure(AnnounceMessage announce)
        {
            int epoch = ElectFieldText.CountDigits(announce.Epoch);
            int id = TextLength(announce.NewPrimaryId, nameof(AnnounceMessage.NewPrimaryId));
            int addr = TextLength(announce.NewPrimaryAddr, nameof(AnnounceMessage.NewPrimaryAddr));
            return new FrameLayout(epoch, 0, id, addr, AnnounceHeader.Length + BulkLength(epoch) + BulkLength(id) + BulkLength(addr));
        }

        private static Exception Unknown(ElectMessage? message) => message is null
            ? new ArgumentNullException(nameof(message))
            : new ArgumentException($"unknown elect message type {message.GetType().Name}", nameof(message));

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

        // The writers below advance a cursor through a destination measured beforehand.

        private static byte* Copy(byte* p, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(new Span<byte>(p, bytes.Length));
            return p + bytes.Length;
        }

        private static byte* WriteCrlf(byte* p)
        {
            p[0] = (byte)'\r';
            p[1] = (byte)'\n';
            return p + 2;
        }

        private static byte* WriteBulkHeader(byte* p, int length)
        {
            *p++ = (byte)'$';
            int digits = ElectFieldText.CountDigits((ulong)length);
            ElectFieldText.WriteDigits(p, (ulong)length, digits);
            return WriteCrlf(p + digits);
        }

        private static byte* WriteNumber(byte* p, ulong value, int digits)
        {
            p = WriteBulkHeader(p, digits);
            ElectFieldText.WriteDigits(p, value, digits);
            return WriteCrlf(p + digits);
        }

        private static byte* WriteText(byte* p, string text, int utf8Length)
        {
            p = WriteBulkHeader(p, utf8Length);
            ElectFieldText.WriteUtf8(p, text, utf8Length);
            return WriteCrlf(p + utf8Length);
        }
    }
}
