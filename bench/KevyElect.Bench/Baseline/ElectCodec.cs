// Baseline: a verbatim copy of src/KevyElect/Protocol/ElectCodec.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using System.Buffers;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
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
        private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

        /// <summary>Exact number of bytes <paramref name="message"/> encodes to.</summary>
        /// <exception cref="ArgumentNullException">The message or one of its strings is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An HB role is not a defined <see cref="ElectRole"/>.</exception>
        public static int GetEncodedLength(ElectMessage message)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            const int Header = 4; // "*n\r\n", n is a single digit for every verb
            return message switch
            {
                HbMessage hb => Header + BulkLength("HB"u8.Length) + NumberLength(hb.Epoch)
                    + TextLength(hb.NodeId, nameof(HbMessage.NodeId)) + BulkLength(RoleBytes(hb.GetRole()).Length)
                    + NumberLength(hb.ReplOffset),
                OfferMessage offer => Header + BulkLength("OFFER"u8.Length) + NumberLength(offer.Epoch)
                    + TextLength(offer.CandidateId, nameof(OfferMessage.CandidateId)) + NumberLength(offer.ReplOffset),
                AcceptMessage accept => Header + BulkLength("ACCEPT"u8.Length) + NumberLength(accept.Epoch)
                    + TextLength(accept.AccepterId, nameof(AcceptMessage.AccepterId)),
                AnnounceMessage announce => Header + BulkLength("ANNOUNCE"u8.Length) + NumberLength(announce.Epoch)
                    + TextLength(announce.NewPrimaryId, nameof(AnnounceMessage.NewPrimaryId))
                    + TextLength(announce.NewPrimaryAddr, nameof(AnnounceMessage.NewPrimaryAddr)),
                _ => throw new ArgumentException($"unknown elect message type {message.GetType().Name}", nameof(message)),
            };
        }

        /// <summary>Encodes into <paramref name="destination"/> without allocating; returns bytes written.</summary>
        /// <exception cref="ArgumentException">The destination is shorter than <see cref="GetEncodedLength"/>.</exception>
        public static int Encode(ElectMessage message, Span<byte> destination)
        {
            int length = GetEncodedLength(message);
            if (destination.Length < length)
            {
                throw new ArgumentException(
                    $"destination holds {destination.Length} bytes but the {message.Verb} frame needs {length}", nameof(destination));
            }

            int pos = 0;
            switch (message)
            {
                case HbMessage hb:
                    WriteHeader(destination, ref pos, 5);
                    WriteBulk(destination, ref pos, "HB"u8);
                    WriteNumber(destination, ref pos, hb.Epoch);
                    WriteText(destination, ref pos, hb.NodeId);
                    WriteBulk(destination, ref pos, RoleBytes(hb.GetRole()));
                    WriteNumber(destination, ref pos, hb.ReplOffset);
                    break;
                case OfferMessage offer:
                    WriteHeader(destination, ref pos, 4);
                    WriteBulk(destination, ref pos, "OFFER"u8);
                    WriteNumber(destination, ref pos, offer.Epoch);
                    WriteText(destination, ref pos, offer.CandidateId);
                    WriteNumber(destination, ref pos, offer.ReplOffset);
                    break;
                case AcceptMessage accept:
                    WriteHeader(destination, ref pos, 3);
                    WriteBulk(destination, ref pos, "ACCEPT"u8);
                    WriteNumber(destination, ref pos, accept.Epoch);
                    WriteText(destination, ref pos, accept.AccepterId);
                    break;
                case AnnounceMessage announce:
                    WriteHeader(destination, ref pos, 4);
                    WriteBulk(destination, ref pos, "ANNOUNCE"u8);
                    WriteNumber(destination, ref pos, announce.Epoch);
                    WriteText(destination, ref pos, announce.NewPrimaryId);
                    WriteText(destination, ref pos, announce.NewPrimaryAddr);
                    break;
            }
            return pos;
        }

        /// <summary>Encodes into a buffer writer without allocating.</summary>
        /// <exception cref="ArgumentNullException">The writer is null.</exception>
        public static void Encode(ElectMessage message, IBufferWriter<byte> writer)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            int length = GetEncodedLength(message);
            int written = Encode(message, writer.GetSpan(length));
            writer.Advance(written);
        }

        /// <summary>Encodes into a new array.</summary>
        public static byte[] Encode(ElectMessage message)
        {
            byte[] frame = new byte[GetEncodedLength(message)];
            Encode(message, frame.AsSpan());
            return frame;
        }

        /// <summary>Decodes the first frame of <paramref name="input"/>. Never throws.</summary>
        /// <remarks>
        /// <para>Every complete input gets the reference's verdict. Where the reference would wait for
        /// more bytes that cannot help, this decoder answers at once: a bulk payload not followed by
        /// CRLF, a non-digit (or a CR without LF) in a count or length, an empty count or length, a
        /// negative bulk length, an array element that is not a bulk string, or a count over
        /// 1048576 or length over 512 MiB is <see cref="DecodeErrorKind.Bad"/> as soon as the
        /// offending byte arrives. <see cref="DecodeErrorKind.Truncated"/> therefore always means the
        /// bytes so far can still become a frame.</para>
        /// <para>Any negative array count is an empty (null) array and is skipped, as are <c>*0</c> and
        /// blank lines; input holding only skipped empties is Truncated. An inline line without its
        /// CRLF stays Truncated however long it grows: <see cref="FrameReader"/> bounds it.
        /// An empty verb is an unknown verb (WrongShape).</para>
        /// </remarks>
        public static DecodeResult Decode(ReadOnlySpan<byte> input)
        {
            switch (RespCommandParser.TryParse(input, out RespCommand command, out int consumed))
            {
                case RespReadStatus.Incomplete:
                    return DecodeResult.Failure(DecodeErrorKind.Truncated);
                case RespReadStatus.Malformed:
                    return DecodeResult.Failure(DecodeErrorKind.Bad);
            }

            ElectMessage? message = ToMessage(command, out DecodeErrorKind error);
            return message is null ? DecodeResult.Failure(error) : DecodeResult.Success(message, consumed);
        }

        /// <summary>Maps a command's arguments onto a message, judging fields in wire order.</summary>
        private static ElectMessage? ToMessage(RespCommand command, out DecodeErrorKind error)
        {
            error = DecodeErrorKind.WrongShape;
            RespCommand.Enumerator args = command.GetEnumerator();
            args.MoveNext();
            ReadOnlySpan<byte> verb = args.Current;

            if (ElectRoleNames.AsciiEqualsIgnoreCase(verb, "HB"))
            {
                if (command.Count != 5) return null;
                if (!NextNumber(ref args, out ulong epoch, ref error)) return null;
                args.MoveNext();
                ReadOnlySpan<byte> nodeId = args.Current;
                args.MoveNext();
                if (!ElectRoleNames.TryParse(args.Current, out ElectRole role))
                {
                    error = DecodeErrorKind.BadRole;
                    return null;
                }
                if (!NextNumber(ref args, out ulong offset, ref error)) return null;
                return new HbMessage(epoch, ElectFieldText.DecodeLossy(nodeId), role, offset);
            }

            if (ElectRoleNames.AsciiEqualsIgnoreCase(verb, "OFFER"))
            {
                if (command.Count != 4) return null;
                if (!NextNumber(ref args, out ulong epoch, ref error)) return null;
                args.MoveNext();
                ReadOnlySpan<byte> candidateId = args.Current;
                if (!NextNumber(ref args, out ulong offset, ref error)) return null;
                return new OfferMessage(epoch, ElectFieldText.DecodeLossy(candidateId), offset);
            }

            if (ElectRoleNames.AsciiEqualsIgnoreCase(verb, "ACCEPT"))
            {
                if (command.Count != 3) return null;
                if (!NextNumber(ref args, out ulong epoch, ref error)) return null;
                args.MoveNext();
                return new AcceptMessage(epoch, ElectFieldText.DecodeLossy(args.Current));
            }

            if (ElectRoleNames.AsciiEqualsIgnoreCase(verb, "ANNOUNCE"))
            {
                if (command.Count != 4) return null;
                if (!NextNumber(ref args, out ulong epoch, ref error)) return null;
                args.MoveNext();
                ReadOnlySpan<byte> primaryId = args.Current;
                args.MoveNext();
                return new AnnounceMessage(epoch, ElectFieldText.DecodeLossy(primaryId), ElectFieldText.DecodeLossy(args.Current));
            }

            return null;
        }

        private static bool NextNumber(ref RespCommand.Enumerator args, out ulong value, ref DecodeErrorKind error)
        {
            args.MoveNext();
            if (ElectFieldText.TryParseUInt64(args.Current, out value)) return true;
            error = DecodeErrorKind.BadNumeric;
            return false;
        }

        private static ReadOnlySpan<byte> RoleBytes(ElectRole role) => role switch
        {
            ElectRole.Primary => "primary"u8,
            ElectRole.Replica => "replica"u8,
            ElectRole.Candidate => "candidate"u8,
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not an elect role"),
        };

        private static int BulkLength(int payload) => 1 + ElectFieldText.CountDigits((ulong)payload) + 2 + payload + 2;

        private static int NumberLength(ulong value) => BulkLength(ElectFieldText.CountDigits(value));

        private static int TextLength(string text, string field)
        {
            if (text is null) throw new ArgumentNullException(field, $"the message's {field} is null");
            return BulkLength(ElectFieldText.Utf8Length(text));
        }

        private static void WriteHeader(Span<byte> destination, ref int pos, int count)
        {
            destination[pos++] = (byte)'*';
            pos += ElectFieldText.WriteDigits(destination, pos, (ulong)count);
            WriteCrlf(destination, ref pos);
        }

        private static void WriteBulkHeader(Span<byte> destination, ref int pos, int length)
        {
            destination[pos++] = (byte)'$';
            pos += ElectFieldText.WriteDigits(destination, pos, (ulong)length);
            WriteCrlf(destination, ref pos);
        }

        private static void WriteBulk(Span<byte> destination, ref int pos, ReadOnlySpan<byte> payload)
        {
            WriteBulkHeader(destination, ref pos, payload.Length);
            payload.CopyTo(destination.Slice(pos));
            pos += payload.Length;
            WriteCrlf(destination, ref pos);
        }

        private static void WriteNumber(Span<byte> destination, ref int pos, ulong value)
        {
            WriteBulkHeader(destination, ref pos, ElectFieldText.CountDigits(value));
            pos += ElectFieldText.WriteDigits(destination, pos, value);
            WriteCrlf(destination, ref pos);
        }

        private static void WriteText(Span<byte> destination, ref int pos, string text)
        {
            WriteBulkHeader(destination, ref pos, ElectFieldText.Utf8Length(text));
            pos += ElectFieldText.WriteUtf8(destination, pos, text);
            WriteCrlf(destination, ref pos);
        }

        private static void WriteCrlf(Span<byte> destination, ref int pos)
        {
            Crlf.CopyTo(destination.Slice(pos));
            pos += 2;
        }
    }
}
