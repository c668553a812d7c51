using System;
using System.Management.Automation;
using KevyElect.Cluster;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Base for cmdlets that talk to a cluster. The cluster is named by -Peers, by -ConfigPath
    /// (a kevy.toml), or by pipeline input carrying a Peers property (a lab, a Get-KevyElectPeer row).
    /// Ctrl+C cancels the Cancellation token (see <see cref="AsyncCmdlet"/>); every network call is bounded by -CallTimeoutSec.
    /// </summary>
    public abstract class KevyClusterCmdlet : AsyncCmdlet
    {
        /// <summary>Parameter set names shared by cluster cmdlets.</summary>
        protected const string PeersSet = "Peers", ConfigSet = "ConfigPath";

        /// <summary>The peer table: a string in peer-table syntax, or a PeerTable from the pipeline.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PeersSet, ValueFromPipelineByPropertyName = true)]
        [PeerTableTransformation]
        public PeerTable? Peers { get; set; }

        /// <summary>A kevy.toml whose [cluster] peers names the cluster.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ConfigSet)]
        [ValidateNotNullOrEmpty]
        public string ConfigPath { get; set; } = string.Empty;

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

        /// <summary>The cluster this invocation names; a terminating error if it cannot be read.</summary>
        protected PeerTable ResolvePeers() =>
            ClusterPeers.Resolve(this, ParameterSetName != ConfigSet ? Peers : null, ParameterSetName == ConfigSet ? ConfigPath : null);
    }
}
