using System;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Splits the byte stream of one elect connection into messages. Feed it what the socket reads,
    /// then call <see cref="TryRead"/> until it returns false. Like the reference reader it gives up
    /// for good on any decode error other than Truncated, and when more than
    /// <see cref="MaxBufferedBytes"/> bytes are buffered without a complete frame; once faulted it
    /// yields nothing more and the caller should drop the connection.
    /// </summary>
    /// <remarks>Not thread-safe: one reader per connection, used by one reading loop.</remarks>
    public sealed class FrameReader
    {
        /// <summary>Most bytes held without a complete frame before the stream is judged hostile (16 KiB).</summary>
        public const int MaxBufferedBytes = 16384;

        private const int InitialCapacity = 1024;

        private byte[] _buffer = new byte[InitialCapacity];
        private int _start;
        private int _end;

        /// <summary>True once the stream has been judged broken; nothing more will be read from it.</summary>
        public bool IsFaulted => Error.HasValue;

        /// <summary>
        /// Why the reader faulted: the decode error of the offending frame, or
        /// <see cref="DecodeErrorKind.Truncated"/> when <see cref="BufferLimitExceeded"/>; null while healthy.
        /// </summary>
        public DecodeErrorKind? Error { get; private set; }

        /// <summary>True when the reader faulted because a frame did not complete within <see cref="MaxBufferedBytes"/>.</summary>
        public bool BufferLimitExceeded { get; private set; }

        /// <summary>Bytes fed but not yet returned as messages.</summary>
        public int BufferedBytes => _end - _start;

        /// <summary>Appends bytes read from the connection. Ignored once faulted.</summary>
        public void Feed(ReadOnlySpan<byte> data)
        {
            if (IsFaulted || data.IsEmpty) return;
            EnsureRoom(data.Length);
            data.CopyTo(_buffer.AsSpan(_end));
            _end += data.Length;
        }

        /// <summary>Returns the next complete message, if one is buffered and the reader is not faulted.</summary>
        /// <remarks>
        /// This is where the stream is judged: a decode error other than Truncated faults the reader,
        /// and so does a Truncated frame once more than <see cref="MaxBufferedBytes"/> bytes wait
        /// behind it. A burst of complete frames larger than the limit is read normally. As in the
        /// reference, completeness comes first: a field whose first terminator byte arrived wrong
        /// faults the reader only once the second byte is there, and bytes that are only skippable
        /// (blank lines, <c>*0</c>, <c>*-1</c>) wait, buffered, for the frame after them.
        /// </remarks>
        public bool TryRead(out ElectMessage? message)
        {
            message = null;
            if (IsFaulted || _start == _end) return false;

            DecodeResult result = ElectCodec.Decode(_buffer.AsSpan(_start, _end - _start));
            if (result.IsSuccess)
            {
                message = result.Message;
                _start += result.Consumed;
                if (_start == _end) _start = _end = 0;
                return true;
            }

            if (result.Error != DecodeErrorKind.Truncated)
            {
                Fault(result.Error);
            }
            else if (BufferedBytes > MaxBufferedBytes)
            {
                BufferLimitExceeded = true;
                Fault(DecodeErrorKind.Truncated);
            }
            return false;
        }

        private void Fault(DecodeErrorKind error)
        {
            Error = error;
            _start = _end = 0;
            _buffer = Array.Empty<byte>();
        }

        /// <summary>Makes room for <paramref name="extra"/> bytes, sliding unread bytes to the front before growing.</summary>
        private void EnsureRoom(int extra)
        {
            if (_buffer.Length - _end >= extra) return;
            int unread = _end - _start;
            int needed = unread + extra;
            if (needed <= _buffer.Length)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
            }
            else
            {
                int capacity = _buffer.Length;
                while (capacity < needed) capacity = capacity > int.MaxValue / 2 ? needed : capacity * 2;
                var grown = new byte[capacity];
                Buffer.BlockCopy(_buffer, _start, grown, 0, unread);
                _buffer = grown;
            }
            _start = 0;
            _end = unread;
        }
    }
}
