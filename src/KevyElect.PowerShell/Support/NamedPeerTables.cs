using System;
using System.Collections.Concurrent;
using KevyElect.Cluster;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// The names of the clusters this process has resolved from an inventory, by peer-table text. A row piped into the next
    /// cmdlet carries its table as text (its Peers property); text equal to a named cluster's table stands for that cluster,
    /// so the name survives the pipeline as the lab's alias ports do (<see cref="LabPeerTables"/>).
    /// </summary>
    internal static class NamedPeerTables
    {
        private static readonly ConcurrentDictionary<string, string> s_names = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Remembers <paramref name="table"/>'s name (the latest name wins when two clusters share a table).</summary>
        public static void Remember(PeerTable table)
        {
            if (table.Name != null) s_names[table.ToString()] = table.Name;
        }

        /// <summary><paramref name="table"/> under the name this process knows for its text, or as it is.</summary>
        public static PeerTable WithKnownName(PeerTable table) =>
            table.Name == null && s_names.TryGetValue(table.ToString(), out string? name) ? table.WithName(name) : table;
    }
}
