using System.Management.Automation;
using KevyElect.Fleet;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Lists the clusters of the fleet inventory: each name, where its peer table comes from, and what is wrong with an entry
    /// that cannot be used. Reads the inventory only; nothing is probed.
    /// </summary>
    /// <remarks>
    /// The inventory is -Inventory, else $KevyElectInventory (a path or the hashtable itself), else $env:KEVYELECT_INVENTORY, else
    /// KevyElect/inventory.psd1 in the user's configuration folder. A name without wildcards that matches nothing is a
    /// non-terminating KevyElect.UnknownCluster error.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "KevyElectInventory")]
    [OutputType(typeof(FleetCluster))]
    public sealed class GetKevyElectInventoryCommand : PSCmdlet
    {
        /// <summary>Only the clusters with these names (wildcards allowed).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = { "*" };

        /// <summary>The inventory file to read.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Inventory { get; set; }

        private ClusterSelection? _selection;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            _selection ??= new ClusterSelection(this, Inventory);
            WriteVerbose($"Reading the fleet inventory {_selection.Inventory.Source}.");
            WriteObject(_selection.Pick(Name), true);
        }
    }
}
