// Baseline: a verbatim copy of src/KevyElect/Protocol/RespValue.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using System.Collections.Generic;
using System.Text;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
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
    public sealed class RespValue
    {
        private static readonly IReadOnlyList<RespValue> NoItems = new RespValue[0];

        private RespValue(RespType type, byte[]? bytes, long integer, IReadOnlyList<RespValue>? items)
        {
            Type = type;
            Bytes = bytes;
            Integer = integer;
            Items = items ?? NoItems;
        }

        /// <summary>The reply type.</summary>
        public RespType Type { get; }

        /// <summary>The raw payload of a simple string, error or bulk string; null otherwise.</summary>
        public byte[]? Bytes { get; }

        /// <summary>The value of an integer reply; 0 otherwise.</summary>
        public long Integer { get; }

        /// <summary>The elements of an array reply; empty otherwise.</summary>
        public IReadOnlyList<RespValue> Items { get; }

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
