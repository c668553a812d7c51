using System;
using System.Collections.Generic;

namespace KevyElect.Protocol
{
    /// <summary>One frame (or one failure) found in a run of concatenated frames.</summary>
    /// <param name="Offset">Byte offset of the frame in the input.</param>
    /// <param name="Length">Bytes the frame used (0 for a failure).</param>
    /// <param name="Message">The decoded message, or null for a failure.</param>
    /// <param name="Error">The failure kind when <paramref name="Message"/> is null.</param>
    public sealed record ScannedFrame(long Offset, int Length, ElectMessage? Message, DecodeErrorKind? Error)
    {
        /// <summary>
        /// For a failure, why in words: the header or field at fault and what it declared (a length
        /// prefix past the limit, or one the input does not hold, is named); null for a message.
        /// </summary>
        public string? Reason { get; init; }

        /// <summary>
        /// For a failure, the whole account: where in <paramref name="source"/>, what was wrong, and what decoding does
        /// next (a truncated tail ends the input; otherwise it stops there, or with <paramref name="resync"/> skips to
        /// the next frame). Null for a message.
        /// </summary>
        public string? DescribeFailure(string source, bool resync)
        {
            if (Message != null) return null;
            string next = Error == DecodeErrorKind.Truncated ? string.Empty
                : resync ? " Skipping to the next frame." : " Decoding of this input stopped here; -Resync skips to the next frame.";
            return $"{source}: bad frame at byte offset {Offset}: {Error} ({Reason}).{next}";
        }
    }

    /// <summary>
    /// Splits a buffer of concatenated elect frames (a capture's payload, a file) into messages.
    /// Like the reference reader it stops at the first bad frame; with resync it instead skips
    /// to the next <c>*</c> and carries on, which suits captures with noise between frames.
    /// </summary>
    public static class ElectFrameScanner
    {
        /// <summary>
        /// Scans <paramref name="input"/>. What is left after the last frame is judged like any other
        /// input: a partial frame, or bytes the decoder only skips (blank lines, <c>*0</c>, <c>*-1</c>),
        /// are reported as Truncated.
        /// </summary>
        public static IReadOnlyList<ScannedFrame> Scan(ReadOnlySpan<byte> input, bool resync)
        {
            var frames = new List<ScannedFrame>();
            int pos = 0;
            while (pos < input.Length)
            {
                var rest = input.Slice(pos);
                var result = ElectCodec.Decode(rest);
                if (result.IsSuccess)
                {
                    frames.Add(new ScannedFrame(pos, result.Consumed, result.Message, null));
                    pos += result.Consumed;
                    continue;
                }

                frames.Add(new ScannedFrame(pos, 0, null, result.Error) { Reason = ElectDecodeFailureText.Describe(rest) });
                if (!resync || result.Error == DecodeErrorKind.Truncated) break;
                int next = rest.Slice(1).IndexOf((byte)'*');
                if (next < 0) break;
                pos += next + 1;
            }
            return frames;
        }
    }
}
