using System;
using System.Collections.Generic;
using System.Management.Automation;
using KevyElect.Cluster;
using KevyElect.Fleet;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Base for cmdlets that talk to a cluster. The cluster is named by -Peers, by -ConfigPath
    /// (a kevy.toml), by pipeline input carrying a Peers property (a lab, a Get-KevyElectPeer row), or by name from the
    /// fleet inventory (-Cluster). A piped row of a named cluster binds its ClusterName too, so the name goes on with it.
    /// Ctrl+C cancels the Cancellation token (see <see cref="AsyncCmdlet"/>); every network call is bounded by -CallTimeoutSec.
    /// </summary>
    public abstract class KevyClusterCmdlet : AsyncCmdlet
    {
        /// <summary>Parameter set names shared by cluster cmdlets.</summary>
        protected const string PeersSet = "Peers", ConfigSet = "ConfigPath", ClusterSet = "Cluster";

        /// <summary>The peer table: a string in peer-table syntax, or a PeerTable from the pipeline.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PeersSet, ValueFromPipelineByPropertyName = true)]
        [PeerTableTransformation]
        public PeerTable? Peers { get; set; }

        /// <summary>The name of the -Peers cluster: a piped row, summary or event of a named cluster binds its ClusterName here.</summary>
        [Parameter(ParameterSetName = PeersSet, ValueFromPipelineByPropertyName = true)]
        public string? ClusterName { get; set; }

        /// <summary>A kevy.toml whose [cluster] peers names the cluster.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ConfigSet)]
        [ValidateNotNullOrEmpty]
        public string ConfigPath { get; set; } = string.Empty;

        /// <summary>Clusters of the fleet inventory by name (wildcards allowed).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClusterSet)]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Cluster { get; set; }

        /// <summary>The fleet inventory -Cluster names are looked up in (default: $KevyElectInventory, $env:KEVYELECT_INVENTORY, else the user's configuration folder).</summary>
        [Parameter(ParameterSetName = ClusterSet)]
        [ValidateNotNullOrEmpty]
        public string? Inventory { get; set; }

        /// <summary>The bound on each network call, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.001, 600.0)]
        public double CallTimeoutSec { get; set; } = 2;

        /// <summary>Former name of -CallTimeoutSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(DontShow = true)]
        [ValidateRange(1, 600000)]
        public int TimeoutMs { get; set; }

        /// <summary>The bound on each network call: -CallTimeoutSec, or the former -TimeoutMs.</summary>
        protected TimeSpan CallTimeout => TimeParameters.FromMs(this, nameof(CallTimeoutSec), CallTimeoutSec, nameof(TimeoutMs), TimeoutMs);

        private ClusterSelection? _selection;

        /// <summary>The inventory lookups of this invocation (-Cluster).</summary>
        internal ClusterSelection Selection => _selection ??= new ClusterSelection(this, Inventory);

        /// <summary>
        /// The one cluster this record names; a terminating error if it cannot be read, or when -Cluster names several
        /// (a cmdlet that changes a cluster acts on one per call).
        /// </summary>
        protected PeerTable ResolvePeers() => ParameterSetName == ClusterSet
            ? Selection.Single(Cluster!)
            : ClusterPeers.Resolve(this, ParameterSetName != ConfigSet ? Named(Peers, ClusterName) : null, ParameterSetName == ConfigSet ? ConfigPath : null);

        /// <summary><paramref name="peers"/> under <paramref name="name"/> when one is given (a piped row's ClusterName).</summary>
        internal static PeerTable? Named(PeerTable? peers, string? name) =>
            peers == null || string.IsNullOrEmpty(name) || FleetInventoryParser.CheckName(name) != null ? peers : peers.WithName(name);

        /// <summary>
        /// Every cluster this record names, for cmdlets that take a fleet: the -Cluster matches not named by an earlier record
        /// (an unknown name is a non-terminating error; an unusable entry fails when it is used), else the one -Peers or -ConfigPath cluster.
        /// </summary>
        internal IReadOnlyList<FleetCluster> ResolveClusters() => ParameterSetName == ClusterSet
            ? Selection.Pick(Cluster!)
            : new[] { FleetCluster.FromTable(ResolvePeers()) };
    }
}
