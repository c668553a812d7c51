using System;
using System.Globalization;
using System.IO;
using Tomlyn;
using Tomlyn.Model;

namespace KevyElect.Cluster
{
    /// <summary>Reads the election settings from a kevy.toml (<c>[cluster]</c> and <c>[server] port</c>).</summary>
    public static class KevyToml
    {
        /// <summary>Reads and parses <paramref name="path"/>.</summary>
        /// <exception cref="PeerTableException">The file is not valid TOML or its settings are unusable; the message names the file and key.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public static KevyConfig Load(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (FileNotFoundException e)
            {
                throw new FileNotFoundException($"{path}: file not found", path, e);
            }
            return Parse(text, path, path);
        }

        /// <summary>Parses TOML text; <paramref name="sourceName"/> names it in error messages.</summary>
        /// <exception cref="PeerTableException">The text is not valid TOML or its settings are unusable; the message names the source and key.</exception>
        public static KevyConfig Parse(string text, string sourceName) => Parse(text, sourceName, null);

        private static KevyConfig Parse(string text, string sourceName, string? sourcePath)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            sourceName = string.IsNullOrEmpty(sourceName) ? "kevy.toml" : sourceName;

            TomlTable root = ReadModel(text, sourceName);

            if (!root.TryGetValue("cluster", out object? clusterValue))
                throw new PeerTableException(sourceName, "[cluster]", string.Empty, "missing: the election needs a [cluster] table with node_id and peers");
            if (clusterValue is not TomlTable cluster)
                throw new PeerTableException(sourceName, "cluster", string.Empty, $"expected a table but found {Describe(clusterValue)}");

            string nodeId = RequireString(cluster, "node_id", sourceName);
            string peersText = RequireString(cluster, "peers", sourceName);

            PeerTable peers;
            try
            {
                peers = PeerTable.Parse(peersText);
            }
            catch (PeerTableException e)
            {
                throw new PeerTableException(sourceName, "[cluster] peers", e.Entry, e.Reason, e);
            }

            if (peers.Find(nodeId) is null)
                throw new PeerTableException(sourceName, "[cluster] node_id", string.Empty, $"node_id '{nodeId}' is not in peers (ids: {string.Join(", ", IdsOf(peers))})");

            int electPortBase = 0;
            if (cluster.TryGetValue("elect_port_base", out object? baseValue))
                electPortBase = RequirePort(baseValue, "[cluster] elect_port_base", sourceName, allowZero: true);

            int? serverPort = null;
            if (root.TryGetValue("server", out object? serverValue))
            {
                if (serverValue is not TomlTable server)
                    throw new PeerTableException(sourceName, "server", string.Empty, $"expected a table but found {Describe(serverValue)}");
                if (server.TryGetValue("port", out object? portValue))
                    serverPort = RequirePort(portValue, "[server] port", sourceName, allowZero: false);
            }

            return new KevyConfig(nodeId, peers, electPortBase, serverPort, sourcePath);
        }

        private static TomlTable ReadModel(string text, string sourceName)
        {
            try
            {
                return TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
            }
            catch (TomlException e)
            {
                string where = e.Line is int line
                    ? (e.Column is int column ? $"line {line}, column {column}" : $"line {line}")
                    : "unknown position";
                string detail = FirstLine(e.Message);
                throw new PeerTableException(sourceName, where, string.Empty, "TOML syntax error: " + detail, e);
            }
        }

        private static string RequireString(TomlTable table, string key, string sourceName)
        {
            string fullKey = "[cluster] " + key;
            if (!table.TryGetValue(key, out object? value))
                throw new PeerTableException(sourceName, fullKey, string.Empty, "missing");
            if (value is not string s)
                throw new PeerTableException(sourceName, fullKey, string.Empty, $"expected a string but found {Describe(value)}");
            if (s.Trim().Length == 0)
                throw new PeerTableException(sourceName, fullKey, string.Empty, "is empty");
            return s.Trim();
        }

        private static int RequirePort(object? value, string key, string sourceName, bool allowZero)
        {
            if (value is not long n)
                throw new PeerTableException(sourceName, key, string.Empty, $"expected an integer but found {Describe(value)}");
            long min = allowZero ? 0 : 1;
            if (n < min || n > 65535)
                throw new PeerTableException(sourceName, key, string.Empty, $"{n.ToString(CultureInfo.InvariantCulture)} is outside {min}..65535");
            return (int)n;
        }

        private static string Describe(object? value) => value switch
        {
            null => "nothing",
            string s => $"the string \"{s}\"",
            long n => $"the integer {n.ToString(CultureInfo.InvariantCulture)}",
            double d => $"the float {d.ToString(CultureInfo.InvariantCulture)}",
            bool b => b ? "the boolean true" : "the boolean false",
            TomlTable => "a table",
            TomlArray => "an array",
            TomlTableArray => "an array of tables",
            _ => "a " + value.GetType().Name,
        };

        private static readonly char[] LineBreaks = { '\r', '\n' };

        private static string FirstLine(string message)
        {
            int nl = message.IndexOfAny(LineBreaks);
            string line = nl < 0 ? message : message.Substring(0, nl);
            // Tomlyn prefixes "(line,column) : error : ", which the caller already reports.
            return System.Text.RegularExpressions.Regex.Replace(line, @"^.*?\(\d+,\d+\)\s*:\s*error\s*:\s*", string.Empty);
        }

        private static System.Collections.Generic.IEnumerable<string> IdsOf(PeerTable peers)
        {
            foreach (PeerSpec p in peers) yield return p.Id;
        }
    }
}
