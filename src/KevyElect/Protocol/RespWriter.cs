using System;
using System.Collections.Generic;

namespace KevyElect.Protocol
{
    /// <summary>Writes RESP2: commands as multi-bulk arrays of bulk strings, and reply values.</summary>
    public static class RespWriter
    {
        /// <summary>Encodes a command (<c>*n</c> then one bulk string per argument, UTF-8).</summary>
        public static byte[] Command(params string[] args) => throw new NotImplementedException();

        /// <summary>Encodes a reply value in its RESP2 form.</summary>
        public static byte[] Reply(RespValue value) => throw new NotImplementedException();
    }
}
