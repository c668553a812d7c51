using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using KevyElect.Fleet;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Tab completion of cluster names from the fleet inventory: the -Inventory already typed on the command line, else
    /// $KevyElectInventory, $env:KEVYELECT_INVENTORY or the default file.
    /// </summary>
    public sealed class ClusterNameCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string? typed = fakeBoundParameters["Inventory"] as string;
            FleetInventory? inventory = InventoryLocation.TryLoadForCompletion(typed, typed == null ? Preference() : null);
            if (inventory == null) return Enumerable.Empty<CompletionResult>();
            var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return inventory.Clusters
                .Where(c => pattern.IsMatch(c.Name))
                .Select(c => new CompletionResult(c.Name, c.Name, CompletionResultType.ParameterValue, Tooltip(c)));
        }

        private static string Tooltip(FleetCluster c) =>
            c.Description ?? c.Peers ?? c.ConfigPath ?? c.Problem ?? c.Name;

        /// <summary>$KevyElectInventory of the session completing, read through a nested pipeline of its runspace.</summary>
        private static object? Preference()
        {
            try
            {
                using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    ps.AddCommand("Get-Variable").AddParameter("Name", InventoryLocation.PreferenceVariable).AddParameter("ValueOnly")
                        .AddParameter("ErrorAction", "Ignore");
                    return ps.Invoke().FirstOrDefault()?.BaseObject;
                }
            }
            catch (System.Exception)
            {
                return null; // no runspace to ask: complete from the environment and the default file
            }
        }
    }
}
