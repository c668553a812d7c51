using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KevyElect.Fleet;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Resolves -Cluster names (wildcards allowed) against the fleet inventory, once per command: the inventory is read on
    /// first use, and each cluster is picked at most once however many names or pipeline records match it.
    /// </summary>
    internal sealed class ClusterSelection
    {
        private readonly PSCmdlet _cmdlet;
        private readonly string? _inventoryParameter;
        private readonly HashSet<string> _picked = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        private FleetInventory? _inventory;

        public ClusterSelection(PSCmdlet cmdlet, string? inventoryParameter)
        {
            _cmdlet = cmdlet;
            _inventoryParameter = inventoryParameter;
        }

        /// <summary>The inventory in effect; a terminating error when there is none or it cannot be read.</summary>
        public FleetInventory Inventory
        {
            get
            {
                if (_inventory != null) return _inventory;
                try
                {
                    _inventory = InventoryLocation.Load(_cmdlet, _inventoryParameter);
                }
                catch (FleetInventoryException e)
                {
                    _cmdlet.ThrowTerminatingError(ErrorRecords.From(e, "BadInventory", ErrorCategory.InvalidData, e.InventorySource));
                }
                return _inventory!;
            }
        }

        /// <summary>
        /// The clusters <paramref name="names"/> match that were not picked before, in the order named. A name without wildcards
        /// that matches nothing is a non-terminating KevyElect.UnknownCluster error listing the names there are.
        /// </summary>
        public IReadOnlyList<FleetCluster> Pick(IEnumerable<string> names)
        {
            var found = new List<FleetCluster>();
            foreach (FleetCluster c in Match(names, error => _cmdlet.WriteError(error)))
            {
                if (_picked.Add(c.Name)) found.Add(c);
            }
            return found;
        }

        /// <summary>
        /// The one cluster <paramref name="names"/> match, its table loaded, for a cmdlet that changes a cluster: a name that
        /// matches nothing, names that match several clusters, or an entry that cannot be used end the command before anything is sent.
        /// </summary>
        public KevyElect.Cluster.PeerTable Single(IEnumerable<string> names)
        {
            List<FleetCluster> matches = MatchForChange(names);
            if (matches.Count > 1)
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("SeveralClusters",
                    $"-Cluster {string.Join(", ", names)} names {matches.Count} clusters ({string.Join(", ", matches.Select(c => c.Name))}); "
                    + $"{_cmdlet.MyInvocation.MyCommand.Name} acts on one cluster per call: nothing was sent. Name one cluster.",
                    names.ToArray()));
            return Load(matches[0]);
        }

        /// <summary>
        /// The clusters <paramref name="names"/> name one by one, their tables loaded, for a cmdlet that changes several only
        /// when the caller names each: several clusters are taken only when every name is exact (a repeated one counts once).
        /// A wildcard that brings in a second cluster, a name that matches nothing, or an entry that cannot be used ends the
        /// command before anything is sent: a pattern never widens a change.
        /// </summary>
        public IReadOnlyList<KevyElect.Cluster.PeerTable> EachNamed(IReadOnlyList<string> names)
        {
            List<FleetCluster> matches = MatchForChange(names);
            string[] patterns = names.Where(WildcardPattern.ContainsWildcardCharacters).ToArray();
            if (matches.Count > 1 && patterns.Length > 0)
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("SeveralClusters",
                    $"-Cluster {string.Join(", ", names)} names {matches.Count} clusters ({string.Join(", ", matches.Select(c => c.Name))}) through "
                    + $"{string.Join(", ", patterns)}; {_cmdlet.MyInvocation.MyCommand.Name} acts on one cluster per call unless each is named: "
                    + $"nothing was sent. Name them one by one (-Cluster {string.Join(", ", matches.Select(c => c.Name))}) to act on each.",
                    names.ToArray()));
            return matches.Select(Load).ToList();
        }

        /// <summary>
        /// The distinct clusters <paramref name="names"/> match, for a change: an unknown name, or names that match nothing,
        /// end the command before anything is sent.
        /// </summary>
        private List<FleetCluster> MatchForChange(IEnumerable<string> names)
        {
            List<FleetCluster> matches = Match(names, error => _cmdlet.ThrowTerminatingError(error))
                .GroupBy(c => c.Name, System.StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
            if (matches.Count == 0)
                _cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("NoCluster",
                    $"-Cluster {string.Join(", ", names)} matches no cluster of the inventory {Inventory.Source}: nothing was sent.", names.ToArray()));
            return matches;
        }

        /// <summary>The cluster's table, remembered under its name for piped rows; a terminating error when the entry is unusable.</summary>
        public KevyElect.Cluster.PeerTable Load(FleetCluster cluster)
        {
            try
            {
                KevyElect.Cluster.PeerTable table = cluster.LoadPeers();
                return table;
            }
            catch (FleetClusterException e)
            {
                _cmdlet.ThrowTerminatingError(ErrorRecords.From(e, "BadCluster", ErrorCategory.InvalidData, cluster.Name));
                throw;
            }
        }

        private IEnumerable<FleetCluster> Match(IEnumerable<string> names, System.Action<ErrorRecord> unknown)
        {
            FleetInventory inventory = Inventory;
            foreach (string name in names)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                FleetCluster[] matches = inventory.Clusters.Where(c => pattern.IsMatch(c.Name)).ToArray();
                if (matches.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    string known = inventory.Clusters.Count == 0 ? "it names none" : "it names " + string.Join(", ", inventory.Clusters.Select(c => c.Name));
                    unknown(new ErrorRecord(new ItemNotFoundException($"There is no cluster '{name}' in the inventory {inventory.Source} ({known})."),
                        "KevyElect.UnknownCluster", ErrorCategory.ObjectNotFound, name));
                }
                foreach (FleetCluster c in matches) yield return c;
            }
        }
    }
}
