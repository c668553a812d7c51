using System;
using System.Collections.Generic;
using System.Linq;

namespace KevyElect.Fleet
{
    /// <summary>The clusters an operator runs, by name: what <see cref="FleetInventoryParser"/> reads from an inventory.</summary>
    public sealed class FleetInventory
    {
        private readonly Dictionary<string, FleetCluster> _byName;

        /// <summary>Creates an inventory; names must be unique (case-insensitively).</summary>
        /// <exception cref="ArgumentException">Two clusters share a name.</exception>
        public FleetInventory(string source, IEnumerable<FleetCluster> clusters)
        {
            Source = source ?? throw new ArgumentNullException(nameof(source));
            if (clusters is null) throw new ArgumentNullException(nameof(clusters));
            Clusters = clusters.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToArray();
            _byName = new Dictionary<string, FleetCluster>(StringComparer.OrdinalIgnoreCase);
            foreach (FleetCluster c in Clusters)
            {
                if (_byName.ContainsKey(c.Name)) throw new ArgumentException($"two clusters are named '{c.Name}'", nameof(clusters));
                _byName[c.Name] = c;
            }
        }

        /// <summary>Where the inventory was read from (a path, or a description such as <c>$KevyElectInventory</c>).</summary>
        public string Source { get; }

        /// <summary>Every cluster, ordered by name.</summary>
        public IReadOnlyList<FleetCluster> Clusters { get; }

        /// <summary>The cluster named <paramref name="name"/> (case-insensitively), or null.</summary>
        public FleetCluster? Find(string name) =>
            _byName.TryGetValue(name ?? throw new ArgumentNullException(nameof(name)), out FleetCluster? c) ? c : null;
    }
}
