using System;
using System.Collections.Generic;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Reads RESP2 from buffers: replies of any type (client side) and commands as the
    /// reference server parses them (server side). Pure: no I/O, never throws on input.
    /// </summary>
    public static class RespReader
    {
        /// <summary>Largest array count accepted (the reference's limit).</summary>
        public const int MaxArrayCount = 1048576;

        /// <summary>Largest bulk length accepted (512 MiB, the reference's limit).</summary>
        public const long MaxBulkLength = 512L * 1024 * 1024;

        /// <summary>Reads one reply value (any type, nested arrays) from the start of <paramref name="input"/>.</summary>
        public static RespReadStatus TryReadReply(ReadOnlySpan<byte> input, out RespValue? value, out int consumed) => throw new NotImplementedException();

        /// <summary>
        /// Reads one command as the reference server does: a multi-bulk array of bulk strings or an
        /// inline line; empty arrays and bare CRLF are skipped and counted in <paramref name="consumed"/>.
        /// On Complete, <paramref name="args"/> holds the arguments (never empty).
        /// </summary>
        public static RespReadStatus TryReadCommand(ReadOnlySpan<byte> input, out IReadOnlyList<byte[]>? args, out int consumed) => throw new NotImplementedException();
    }
}
