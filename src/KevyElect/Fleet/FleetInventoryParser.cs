using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KevyElect.Cluster;

namespace KevyElect.Fleet
{
    /// <summary>
    /// Builds a <see cref="FleetInventory"/> from already-read data: the hashtable of an inventory file
    /// (<c>@{ Clusters = @{ name = @{ Peers = '...' } ; other = @{ ConfigPath = './kevy.toml' } } }</c>). It reads no file, so
    /// it is pure; a kevy.toml named by ConfigPath is read when the cluster is used.
    /// </summary>
    /// <remarks>
    /// A wrong shape (no <c>Clusters</c> table, an unknown top-level key) rejects the whole inventory. A wrong cluster entry
    /// (a bad peer table, both or neither of Peers and ConfigPath, an unknown key) makes only that cluster unusable
    /// (<see cref="FleetCluster.Problem"/>), so one mistake never takes the rest of the fleet down with it.
    /// </remarks>
    public static class FleetInventoryParser
    {
        private static readonly string[] EntryKeys = { "Peers", "ConfigPath", "Description" };

        /// <summary>Parses <paramref name="data"/>.</summary>
        /// <param name="data">The inventory's top-level table.</param>
        /// <param name="source">Names the inventory in messages (its path).</param>
        /// <param name="baseDirectory">The folder a relative ConfigPath is relative to (the inventory file's); null keeps it as written.</param>
        /// <exception cref="FleetInventoryException">The data is not an inventory.</exception>
        public static FleetInventory Parse(IDictionary data, string source, string? baseDirectory)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            if (source is null) throw new ArgumentNullException(nameof(source));
            object? clustersValue = null;
            bool found = false;
            foreach (DictionaryEntry top in data)
            {
                string key = top.Key as string ?? string.Empty;
                if (string.Equals(key, "Clusters", StringComparison.OrdinalIgnoreCase))
                {
                    clustersValue = top.Value;
                    found = true;
                }
                else
                {
                    throw new FleetInventoryException(source, $"unknown key '{top.Key}': an inventory has one key, Clusters = @{{ <name> = @{{ Peers = '...' }} }}");
                }
            }
            if (!found) throw new FleetInventoryException(source, "no Clusters key: write @{ Clusters = @{ <name> = @{ Peers = 'n1@host:elect:client,...' } } }");
            if (!(clustersValue is IDictionary clusters))
                throw new FleetInventoryException(source, $"Clusters must be a table of name = entry, not {Describe(clustersValue)}");

            var list = new List<FleetCluster>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in clusters)
            {
                string name = entry.Key as string ?? Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                string? nameProblem = CheckName(name);
                if (nameProblem != null) throw new FleetInventoryException(source, nameProblem);
                if (!seen.Add(name)) throw new FleetInventoryException(source, $"two clusters are named '{name}' (names compare case-insensitively)");
                list.Add(Entry(name, entry.Value, baseDirectory));
            }
            return new FleetInventory(source, list);
        }

        /// <summary>Why <paramref name="name"/> cannot name a cluster, or null: letters, digits, '-', '_' and '.', starting with a letter or digit.</summary>
        public static string? CheckName(string? name)
        {
            if (string.IsNullOrEmpty(name)) return "a cluster name must not be empty";
            if (!char.IsLetterOrDigit(name![0]) || name.Any(ch => !(char.IsLetterOrDigit(ch) || ch == '-' || ch == '_' || ch == '.')))
                return $"bad cluster name '{name}': use letters, digits, '-', '_' and '.', starting with a letter or digit";
            return null;
        }

        private static FleetCluster Entry(string name, object? value, string? baseDirectory)
        {
            // Shorthand: name = 'n1@...,n2@...' (or an array of entries).
            if (value is string || value is IEnumerable && !(value is IDictionary))
                return Peers(name, value, null);
            if (!(value is IDictionary table))
                return FleetCluster.Unusable(name, $"expected @{{ Peers = '...' }} or @{{ ConfigPath = '...' }}, not {Describe(value)}");

            object? peers = null, configPath = null;
            string? description = null;
            foreach (DictionaryEntry field in table)
            {
                string key = field.Key as string ?? string.Empty;
                string? known = EntryKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                if (known == null)
                    return FleetCluster.Unusable(name, $"unknown key '{field.Key}' (an entry takes {string.Join(", ", EntryKeys)})");
                if (known == "Peers") peers = field.Value;
                else if (known == "ConfigPath") configPath = field.Value;
                else description = field.Value as string ?? Convert.ToString(field.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            if (peers != null && configPath != null)
                return FleetCluster.Unusable(name, "it has both Peers and ConfigPath: give one of them");
            if (peers != null) return Peers(name, peers, description);
            if (configPath is string path && path.Trim().Length > 0)
            {
                string full = baseDirectory != null && !Path.IsPathRooted(path) ? Path.GetFullPath(Path.Combine(baseDirectory, path)) : path;
                return FleetCluster.WithConfigPath(name, full, description);
            }
            if (configPath != null) return FleetCluster.Unusable(name, $"ConfigPath must be a path to a kevy.toml, not {Describe(configPath)}");
            return FleetCluster.Unusable(name, "it has neither Peers nor ConfigPath: give one of them");
        }

        private static FleetCluster Peers(string name, object? value, string? description)
        {
            string? text = value as string;
            if (text == null && value is IEnumerable items)
            {
                var parts = new List<string>();
                foreach (object? item in items)
                {
                    if (!(item is string s)) return FleetCluster.Unusable(name, $"Peers must be strings, not {Describe(item)}");
                    parts.Add(s.Trim());
                }
                text = string.Join(",", parts);
            }
            if (text == null) return FleetCluster.Unusable(name, $"Peers must be a peer table string, not {Describe(value)}");
            try
            {
                return FleetCluster.WithPeers(name, PeerTable.Parse(text), description);
            }
            catch (PeerTableException e)
            {
                return FleetCluster.Unusable(name, "its Peers cannot be used: " + e.Message);
            }
        }

        private static string Describe(object? value) => value == null ? "nothing" : $"a {value.GetType().Name} ({value})";
    }
}
