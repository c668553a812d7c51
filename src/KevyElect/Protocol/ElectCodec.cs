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

        /// <summary>Exact number of bytes <paramref name="message"/> encodes to.</summary>
        /// <exception cref="ArgumentNullException">The message or one of its strings is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An HB role is not a defined <see cref="ElectRole"/>.</exception>
        public static int GetEncodedLength(ElectMessage message) => ElectFrameWriter.Length(message);

        /// <summary>Encodes into <paramref name="destination"/> without allocating; returns bytes written.</summary>
        /// <exception cref="ArgumentException">The destination is shorter than <see cref="GetEncodedLength"/>.</exception>
        public static int Encode(ElectMessage message, Span<byte> destination)
        {
            int written = ElectFrameWriter.TryWrite(message, destination);
            if (written < 0)
            {
                throw new ArgumentException(
                    $"destination holds {destination.Length} bytes but the {message.Verb} frame needs {-written}", nameof(destination));
            }
            return written;
        }

        /// <summary>Encodes into a buffer writer without allocating.</summary>
        /// <exception cref="ArgumentNullException">The writer is null.</exception>
        /// <exception cref="InvalidOperationException">The writer's span is shorter than it was asked for.</exception>
        public static void Encode(ElectMessage message, IBufferWriter<byte> writer)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            // The span the writer has at hand usually holds the frame; if not, ask for the length it needs.
            int written = ElectFrameWriter.TryWrite(message, writer.GetSpan());
            if (written < 0)
            {
                Span<byte> destination = writer.GetSpan(-written);
                if (ElectFrameWriter.TryWrite(message, destination) < 0)
                {
                    throw new InvalidOperationException(
                        $"the buffer writer gave {destination.Length} bytes where the {message.Verb} frame needs {-written}");
                }
                written = -written;
            }
            writer.Advance(written);
        }

        /// <summary>Encodes into a new array.</summary>
        public static byte[] Encode(ElectMessage message)
        {
            byte[] frame = new byte[ElectFrameWriter.Length(message)];
            ElectFrameWriter.TryWrite(message, frame);
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
                message = ElectMessageBuilder.Build(frame, args, count, out error, out _);
            }
            return message is null ? DecodeResult.Failure(error) : DecodeResult.Success(message, consumed);
        }
    }
}
