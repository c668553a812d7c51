using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace KevyElect.Protocol
{
    /// <summary>The RESP2 reply types.</summary>
    public enum RespType
    {
        /// <summary><c>+text</c></summary>
        SimpleString,
        /// <summary><c>-text</c></summary>
        Error,
        /// <summary><c>:n</c></summary>
        Integer,
        /// <summary><c>$len</c> then bytes.</summary>
        BulkString,
        /// <summary><c>*n</c> then n values.</summary>
        Array,
        /// <summary><c>$-1</c> or <c>*-1</c>.</summary>
        Null,
    }

    /// <summary>One RESP2 reply value, possibly nested.</summary>
    /// <remarks>
    /// An array read by <see cref="RespReader"/> keeps its wire bytes and builds its elements only when
    /// <see cref="Items"/> is first read, so a reply parsed straight from those bytes (ROLE) costs one
    /// copy of the reply instead of a value per element.
    /// </remarks>
    public sealed class RespValue
    {
        private static readonly IReadOnlyList<RespValue> NoItems = System.Array.Empty<RespValue>();

        // A string's payload, or an array's wire bytes when it was read (its elements then built lazily).
        private readonly byte[]? _bytes;
        // An integer's value, or where an array's wire bytes lie in _bytes: the start, and the length above bit 32.
        private readonly long _number;
        private IReadOnlyList<RespValue>? _items;

        private RespValue(RespType type, byte[]? bytes, long integer, IReadOnlyList<RespValue>? items)
        {
            Type = type;
            _bytes = bytes;
            _number = integer;
            _items = items ?? NoItems;
        }

        private RespValue(byte[] wire, int start, int length)
        {
            Type = RespType.Array;
            _bytes = wire;
            _number = ((long)length << 32) | (uint)start;
        }

        /// <summary>The reply type.</summary>
        public RespType Type { get; }

        /// <summary>The raw payload of a simple string, error or bulk string; null otherwise.</summary>
        public byte[]? Bytes => Type == RespType.Array ? null : _bytes;

        /// <summary>The value of an integer reply; 0 otherwise.</summary>
        public long Integer => Type == RespType.Array ? 0 : _number;

        /// <summary>The elements of an array reply; empty otherwise.</summary>
        public IReadOnlyList<RespValue> Items
        {
            get
            {
                IReadOnlyList<RespValue>? items = _items;
                if (items != null) return items;
                // Built once from the wire bytes; a racing reader builds an equal list and takes the first.
                IReadOnlyList<RespValue> built = RespReplyParser.BuildItems(_bytes!, (int)_number, (int)(_number >> 32));
                return Interlocked.CompareExchange(ref _items, built, null) ?? built;
            }
        }

        /// <summary>The wire bytes of an array read by <see cref="RespReader"/> (validated); empty for any other value.</summary>
        internal ReadOnlySpan<byte> WireBytes => HasWireBytes ? new ReadOnlySpan<byte>(_bytes, (int)_number, (int)(_number >> 32)) : default;

        /// <summary>True for an array read by <see cref="RespReader"/>, whose <see cref="WireBytes"/> hold it.</summary>
        internal bool HasWireBytes => Type == RespType.Array && _bytes != null;

        /// <summary>The payload decoded as UTF-8 (lossy) for strings and errors, the decimal for integers, null otherwise.</summary>
        public string? Text => Type switch
        {
            RespType.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RespType.SimpleString or RespType.Error or RespType.BulkString => Encoding.UTF8.GetString(Bytes!),
            _ => null,
        };

        /// <summary>True for an error reply (<c>-...</c>).</summary>
        public bool IsError => Type == RespType.Error;

        /// <summary>A simple string reply.</summary>
        public static RespValue Simple(string text) => new RespValue(RespType.SimpleString, Encoding.UTF8.GetBytes(text), 0, null);

        /// <summary>An error reply (text without the leading dash).</summary>
        public static RespValue Err(string text) => new RespValue(RespType.Error, Encoding.UTF8.GetBytes(text), 0, null);

        /// <summary>An integer reply.</summary>
        public static RespValue Int(long value) => new RespValue(RespType.Integer, null, value, null);

        /// <summary>A bulk string reply from raw bytes.</summary>
        public static RespValue Bulk(byte[] bytes) => new RespValue(RespType.BulkString, bytes ?? throw new ArgumentNullException(nameof(bytes)), 0, null);

        /// <summary>A bulk string reply from text (UTF-8).</summary>
        public static RespValue Bulk(string text) => Bulk(Encoding.UTF8.GetBytes(text));

        /// <summary>An array reply.</summary>
        public static RespValue Array(IReadOnlyList<RespValue> items) => new RespValue(RespType.Array, null, 0, items ?? throw new ArgumentNullException(nameof(items)));

        /// <summary>A simple string, error or bulk string over bytes already read (taken, not copied).</summary>
        internal static RespValue FromPayload(RespType type, byte[] bytes) => new RespValue(type, bytes, 0, null);

        /// <summary>An array over its validated wire bytes (taken, not copied), at <paramref name="start"/> for <paramref name="length"/> bytes.</summary>
        internal static RespValue FromEncodedArray(byte[] encoding, int start, int length) => new RespValue(encoding, start, length);

        /// <summary>The null reply.</summary>
        public static readonly RespValue Null = new RespValue(RespType.Null, null, 0, null);

        /// <inheritdoc />
        public override string ToString() => Type switch
        {
            RespType.Array => "[" + string.Join(", ", Items) + "]",
            RespType.Null => "(nil)",
            RespType.Error => "-" + Text,
            _ => Text ?? string.Empty,
        };
    }
}
