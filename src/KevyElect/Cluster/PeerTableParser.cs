using System;
using KevyElect.Protocol;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KevyElect.Cluster
{
    /// <summary>Parses and validates <c>id@host:elect_port[:client_port]</c> entries.</summary>
    internal static class PeerTableParser
    {
        private static readonly char[] Blanks = { ' ', '\t', '\r', '\n' };

        internal static List<PeerSpec> ParseEntries(string spec)
        {
            if (spec is null || spec.Trim().Length == 0)
                throw new PeerTableException(string.Empty, "the peer table is empty: expected id@host:elect_port[:client_port], comma-separated");

            var peers = new List<PeerSpec>();
            string[] entries = spec.Split(',');
            for (int i = 0; i < entries.Length; i++)
            {
                string entry = entries[i].Trim();
                if (entry.Length == 0)
                    throw new PeerTableException(string.Empty, $"peer entry {i + 1} of {entries.Length} is empty (stray comma?)");
                // Blanks separate entries too: PowerShell renders "$table" that way, and no id or host holds one.
                foreach (string part in entry.Split(Blanks, StringSplitOptions.RemoveEmptyEntries))
                    peers.Add(ParseEntry(part));
            }
            return peers;
        }

        internal static PeerSpec ParseEntry(string entry)
        {
            int at = entry.IndexOf('@');
            if (at < 0)
                throw new PeerTableException(entry, "missing '@': expected id@host:elect_port[:client_port]");

            string id = entry.Substring(0, at);
            ValidateId(entry, id);

            string rest = entry.Substring(at + 1);
            string host;
            string[] ports;
            if (rest.StartsWith("[", StringComparison.Ordinal))
            {
                int close = rest.IndexOf(']');
                if (close < 0)
                    throw new PeerTableException(entry, "unterminated '[': an IPv6 host is written [addr]");
                host = rest.Substring(1, close - 1);
                string after = rest.Substring(close + 1);
                if (after.Length == 0)
                    throw new PeerTableException(entry, "missing elect port after the host");
                if (after[0] != ':')
                    throw new PeerTableException(entry, $"expected ':' after ']' but found '{after[0]}'");
                ports = after.Substring(1).Split(':');
                if (host.Length == 0)
                    throw new PeerTableException(entry, "missing host between '[' and ']'");
                if (!IPAddress.TryParse(host, out IPAddress? v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                    throw new PeerTableException(entry, $"bad host '[{host}]': brackets must hold an IPv6 address");
            }
            else
            {
                string[] fields = rest.Split(':');
                host = fields[0];
                if (host.Length == 0)
                    throw new PeerTableException(entry, "missing host after '@'");
                if (fields.Length == 1)
                    throw new PeerTableException(entry, "missing elect port: expected host:elect_port[:client_port]");
                if (fields.Length > 3)
                    throw new PeerTableException(entry, $"too many ':' fields ({fields.Length}): expected host:elect_port[:client_port] (write IPv6 hosts in brackets)");
                ValidateHostName(entry, host);
                ports = new string[fields.Length - 1];
                Array.Copy(fields, 1, ports, 0, ports.Length);
            }

            if (ports.Length > 2)
                throw new PeerTableException(entry, $"too many ports ({ports.Length}): expected elect_port[:client_port]");
            int electPort = ParsePort(entry, ports[0], "elect port");
            int clientPort = ports.Length == 2 ? ParsePort(entry, ports[1], "client port") : electPort;
            return new PeerSpec(id, host, electPort, clientPort);
        }

        internal static void ValidateId(string entry, string id)
        {
            var problem = NodeIdRule.Check(id);
            if (problem != null) throw new PeerTableException(entry, problem);
        }

        internal static void ValidateHostName(string entry, string host)
        {
            if (host.Length == 0)
                throw new PeerTableException(entry, "missing host");
            foreach (char c in host)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
                if (!ok)
                    throw new PeerTableException(entry, $"bad host '{host}': {Describe(c)} is not allowed in a host name or IPv4 address");
            }
        }

        internal static void ValidatePort(string entry, int port, string what)
        {
            if (port < 1 || port > 65535)
                throw new PeerTableException(entry, $"{what} {port.ToString(CultureInfo.InvariantCulture)} is outside 1..65535");
        }

        private static int ParsePort(string entry, string text, string what)
        {
            if (text.Length == 0)
                throw new PeerTableException(entry, $"missing {what}");
            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                    throw new PeerTableException(entry, $"{what} '{text}' is not a number");
            }
            if (text.Length > 5 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
                throw new PeerTableException(entry, $"{what} {text} is outside 1..65535");
            return port;
        }

        private static string Describe(char c) => NodeIdRule.Describe(c);
    }
}
