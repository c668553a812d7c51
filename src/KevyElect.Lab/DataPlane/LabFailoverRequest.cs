using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KevyElect.Lab
{
    /// <summary>A parsed <c>FAILOVER host port [TIMEOUT ms]</c> or <c>FAILOVER ABORT</c>.</summary>
    internal sealed class LabFailoverRequest
    {
        internal const string UsageError = "ERR FAILOVER host port [TIMEOUT ms] \u2014 run COMMAND DOCS FAILOVER";
        internal const string BadPortError = "ERR FAILOVER: port is not a u16";
        internal const string ReplicaError = "ERR FAILOVER: this node is a replica \u2014 run it on the primary";

        private LabFailoverRequest(bool abort, string? error, string host, int port, TimeSpan? timeout)
        {
            IsAbort = abort;
            Error = error;
            Host = host;
            Port = port;
            Timeout = timeout;
        }

        public bool IsAbort { get; }

        /// <summary>The error reply text (without the dash) when the arguments are unusable.</summary>
        public string? Error { get; }

        public string Host { get; }

        public int Port { get; }

        /// <summary>The TIMEOUT given, or null for the default (missing or garbage values are ignored).</summary>
        public TimeSpan? Timeout { get; }

        /// <summary>Parses the arguments after the command name, in the reference's order of checks.</summary>
        public static LabFailoverRequest Parse(IReadOnlyList<byte[]> args)
        {
            if (args.Count >= 1 && string.Equals(Text(args[0]), "ABORT", StringComparison.OrdinalIgnoreCase))
                return new LabFailoverRequest(true, null, string.Empty, 0, null);
            if (args.Count < 2) return new LabFailoverRequest(false, UsageError, string.Empty, 0, null);
            if (!TryParseU16(Text(args[1]), out int port)) return new LabFailoverRequest(false, BadPortError, string.Empty, 0, null);
            TimeSpan? timeout = null;
            if (args.Count >= 4 && string.Equals(Text(args[2]), "TIMEOUT", StringComparison.OrdinalIgnoreCase)
                && ulong.TryParse(Text(args[3]), NumberStyles.None, CultureInfo.InvariantCulture, out ulong ms) && ms > 0 && ms <= int.MaxValue)
            {
                timeout = TimeSpan.FromMilliseconds(ms);
            }
            return new LabFailoverRequest(false, null, Text(args[0]), port, timeout);
        }

        internal static bool TryParseU16(string text, out int port) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= ushort.MaxValue && text.Length <= 5;

        private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
    }
}
