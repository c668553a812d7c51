using System;
using KevyElect.Cluster;

namespace KevyElect.Fleet
{
    /// <summary>
    /// One cluster of a fleet inventory: its name and where its peer table comes from (the table itself, or a node's
    /// kevy.toml), or the problem that makes the entry unusable. An unusable entry fails alone, when it is used.
    /// </summary>
    public sealed class FleetCluster
    {
        private readonly PeerTable? _peers;

        private FleetCluster(string name, PeerTable? peers, string? configPath, string? problem, string? description)
        {
            Name = name;
            _peers = peers;
            ConfigPath = configPath;
            Problem = problem;
            Description = description;
        }

        /// <summary>The cluster's name, unique in its inventory (compared case-insensitively).</summary>
        public string Name { get; }

        /// <summary>The peer table in peer-table syntax when the inventory gives it, else null.</summary>
        public string? Peers => _peers?.ToString();

        /// <summary>The kevy.toml the peer table is read from (a full path), else null.</summary>
        public string? ConfigPath { get; }

        /// <summary>What is wrong with the entry (it cannot be used), or null.</summary>
        public string? Problem { get; }

        /// <summary>The inventory's free-text description of the cluster, or null.</summary>
        public string? Description { get; }

        /// <summary>A cluster named by its table (the table's <see cref="PeerTable.Name"/>, or its text when unnamed).</summary>
        public static FleetCluster FromTable(PeerTable table)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            return new FleetCluster(table.Name ?? table.ToString(), table, null, null, null);
        }

        /// <summary>An inventory entry whose table is given.</summary>
        public static FleetCluster WithPeers(string name, PeerTable peers, string? description = null) =>
            new FleetCluster(CheckName(name), (peers ?? throw new ArgumentNullException(nameof(peers))).WithName(name), null, null, description);

        /// <summary>An inventory entry whose table is read from a kevy.toml when it is used.</summary>
        public static FleetCluster WithConfigPath(string name, string configPath, string? description = null) =>
            new FleetCluster(CheckName(name), null, configPath ?? throw new ArgumentNullException(nameof(configPath)), null, description);

        /// <summary>An inventory entry that cannot be used, and why.</summary>
        public static FleetCluster Unusable(string name, string problem) =>
            new FleetCluster(CheckName(name), null, null, problem ?? throw new ArgumentNullException(nameof(problem)), null);

        /// <summary>
        /// The cluster's peer table, carrying <see cref="Name"/>: the one given, or the <c>[cluster] peers</c> of
        /// <see cref="ConfigPath"/>, read now.
        /// </summary>
        /// <exception cref="FleetClusterException">The entry is unusable, or its kevy.toml cannot be read or parsed; the message names the cluster.</exception>
        public PeerTable LoadPeers()
        {
            if (_peers != null) return _peers;
            if (Problem != null) throw new FleetClusterException(Name, Problem, null);
            try
            {
                return KevyToml.Load(ConfigPath!).Peers.WithName(Name);
            }
            catch (Exception e) when (e is PeerTableException || e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                throw new FleetClusterException(Name, $"its ConfigPath cannot be used: {e.Message}", e);
            }
        }

        /// <inheritdoc />
        public override string ToString() => Name;

        private static string CheckName(string name)
        {
            string? problem = FleetInventoryParser.CheckName(name);
            if (problem != null) throw new ArgumentException(problem, nameof(name));
            return name;
        }
    }
}
