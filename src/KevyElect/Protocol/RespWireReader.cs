using System;
using System.Runtime.CompilerServices;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Walks the wire bytes of a reply that <see cref="RespReader"/> has already validated, value by
    /// value, without building <see cref="RespValue"/> objects: what a parser of one known reply shape
    /// (ROLE) reads instead of the value tree. The bytes must stay pinned while it reads them.
    /// </summary>
    internal unsafe ref struct RespWireReader
    {
        private readonly byte* _wire;
        private readonly int _length;
        private int _pos;

        /// <summary>Reads the validated reply of <paramref name="length"/> bytes at <paramref name="wire"/>, which the caller keeps pinned.</summary>
        public RespWireReader(byte* wire, int length)
        {
            _wire = wire;
            _length = length;
            _pos = 0;
        }

        /// <summary>
        /// Reads the next value. A string or error yields its <paramref name="text"/>, an integer its
        /// <paramref name="number"/>, an array its count in <paramref name="number"/> (its elements are
        /// read next); a null reads as <see cref="RespType.Null"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public RespType Read(out ReadOnlySpan<byte> text, out long number)
        {
            text = default;
            byte marker = _wire[_pos];
            if (marker == (byte)'+' || marker == (byte)'-')
            {
                number = 0;
                int start = _pos + 1;
                int eol = new ReadOnlySpan<byte>(_wire + start, _length - start).IndexOf("\r\n"u8);
                text = new ReadOnlySpan<byte>(_wire + start, eol);
                _pos = start + eol + 2;
                return marker == (byte)'+' ? RespType.SimpleString : RespType.Error;
            }

            number = ReadHeaderNumber();
            switch (marker)
            {
                case (byte)':':
                    return RespType.Integer;
                case (byte)'$':
                    if (number < 0) return RespType.Null;
                    text = new ReadOnlySpan<byte>(_wire + _pos, (int)number);
                    _pos += (int)number + 2;
                    return RespType.BulkString;
                default:
                    return number < 0 ? RespType.Null : RespType.Array;
            }
        }

        /// <summary>
        /// Reads the next value as a signed 64-bit number when it is an integer, or a bulk string of a
        /// plain decimal (at most 18 digits, an optional sign); false, and nothing read, otherwise.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryReadPlainNumber(out long value)
        {
            value = 0;
            byte* p = _wire + _pos;
            if (*p == (byte)':')
            {
                value = ReadHeaderNumber();
                return true;
            }
            if (*p != (byte)'$') return false;

            // "$len\r\n" with a one- or two-digit length, then that many sign and digit bytes.
            int length, start;
            if (p[2] == (byte)'\r')
            {
                length = p[1] - '0';
                start = 4;
            }
            else if (p[3] == (byte)'\r' && p[1] != (byte)'-')
            {
                length = (p[1] - '0') * 10 + (p[2] - '0');
                start = 5;
            }
            else
            {
                return false;
            }
            byte* digits = p + start;
            byte* end = digits + length;
            bool negative = length > 0 && *digits == (byte)'-';
            if (negative || (length > 0 && *digits == (byte)'+')) digits++;
            if (digits == end || end - digits > 18) return false;
            long acc = 0;
            for (byte* d = digits; d < end; d++)
            {
                uint digit = (uint)(*d - (byte)'0');
                if (digit > 9) return false;
                acc = acc * 10 + digit;
            }
            value = negative ? -acc : acc;
            _pos += start + length + 2;
            return true;
        }

        /// <summary>The decimal of the header at the cursor (known to be well formed), moving past its CRLF.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private long ReadHeaderNumber()
        {
            byte* p = _wire + _pos + 1;
            long value = RespLineNumber.ReadValidated(ref p);
            _pos = (int)(p - _wire);
            return value;
        }
    }
}
