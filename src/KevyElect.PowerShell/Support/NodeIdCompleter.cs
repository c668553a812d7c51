using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using KevyElect.Cluster;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Tab completion of node ids from the -Peers or -ConfigPath already typed on the command
    /// line, else from the most recently started lab of this session.
    /// </summary>
    public sealed class NodeIdCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var table = TableFrom(fakeBoundParameters);
            if (table == null) return Enumerable.Empty<CompletionResult>();
            string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return table
                .Where(p => p.Id.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                .Select(p => new CompletionResult(p.Id, p.Id, CompletionResultType.ParameterValue, p.ToString()));
        }

        private static PeerTable? TableFrom(IDictionary bound)
        {
            try
            {
                object? peers = bound["Peers"] is PSObject pso ? pso.BaseObject : bound["Peers"];
                if (peers is PeerTable table) return table;
                if (peers is string text) return PeerTable.Parse(text);
                if (bound["ConfigPath"] is string path) return KevyToml.Load(path).Peers;
            }
            catch (System.Exception)
            {
                // A half-typed table or unreadable file simply offers no completions.
            }
            return SessionClusters.Latest;
        }
    }
}
