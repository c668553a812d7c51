using System;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Walks the wire bytes of a reply that <see cref="RespReader"/> has already validated, value by
    /// value, without building <see cref="RespValue"/> objects: what a parser of one known reply shape
    /// (ROLE) reads instead of the value tree.
    /// </summary>
    internal ref struct RespWireReader
    {
        private readonly ReadOnlySpan<byte> _wire;
        private int _pos;

        public RespWireReader(ReadOnlySpan<byte> wire)
        {
            _wire = wire;
            _pos = 0;
        }

        /// <summary>
        /// Reads the next value. A string or error yields its <paramref name="text"/>, an integer its
        /// <paramref name="number"/>, an array its count in <paramref name="number"/> (its elements are
        /// read next); a null reads as <see cref="RespType.Null"/>.
        /// </summary>
        public RespType Read(out ReadOnlySpan<byte> text, out long number)
        {
            text = default;
            number = 0;
            byte marker = _wire[_pos];
            switch (marker)
            {
                case (byte)'+':
                case (byte)'-':
                {
                    int eol = _wire.Slice(_pos + 1).IndexOf("\r\n"u8);
                    text = _wire.Slice(_pos + 1, eol);
                    _pos += 1 + eol + 2;
                    return marker == (byte)'+' ? RespType.SimpleString : RespType.Error;
                }
                case (byte)':':
                    number = ReadHeaderNumber();
                    return RespType.Integer;
                case (byte)'$':
                {
                    long length = ReadHeaderNumber();
                    if (length < 0) return RespType.Null;
                    text = _wire.Slice(_pos, (int)length);
                    _pos += (int)length + 2;
                    return RespType.BulkString;
                }
                default:
                    number = ReadHeaderNumber();
                    return number < 0 ? RespType.Null : RespType.Array;
            }
        }

        /// <summary>The decimal of the header at the cursor (known to be well formed), moving past its CRLF.</summary>
        private long ReadHeaderNumber()
        {
            int i = _pos + 1;
            bool negative = _wire[i] == (byte)'-';
            if (negative || _wire[i] == (byte)'+') i++;
            ulong acc = 0;
            for (byte b = _wire[i]; b != (byte)'\r'; b = _wire[++i]) acc = acc * 10 + (uint)(b - (byte)'0');
            _pos = i + 2;
            return negative ? unchecked(-(long)acc) : (long)acc;
        }
    }
}
