using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.PowerShell.Support;
using KevyElect.Protocol;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Delivers elect frames, built from parameters (one parameter set per verb) or taken from the pipeline,
    /// to the elect port of one or more nodes, and writes a receipt per delivery.
    /// </summary>
    /// <remarks>
    /// The elect port never answers, so a receipt says only that the bytes were written; the effect shows on
    /// the data plane (Get-KevyElectPeer). OFFER, ACCEPT and ANNOUNCE, an HB claiming primary, and an HB under an
    /// id outside the peer table (which a real node counts toward its majority, see the protocol notes) can
    /// change who writes: they ask for confirmation at the default $ConfirmPreference. A replica or candidate HB
    /// under a member's id is treated as low impact: it is sent without a prompt unless -Confirm is given or
    /// $ConfirmPreference is Low. -WhatIf always prints every delivery and sends nothing. An unreachable node
    /// gets a receipt with its Error and a non-terminating KevyElect.DeliveryFailed error.
    /// </remarks>
    [Cmdlet(VerbsCommunications.Send, "KevyElectMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = MessageSet)]
    [OutputType(typeof(ElectDeliveryReceipt))]
    public sealed class SendKevyElectMessageCommand : ElectMessageCmdlet
    {
        private readonly PipelineCluster _piped = new PipelineCluster();
        private readonly List<ElectMessage> _messages = new List<ElectMessage>();
        private PeerTable? _table;

        /// <summary>The peer table: a string in peer-table syntax, or a PeerTable (also by property name from the pipeline).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PeerTableTransformation]
        public PeerTable? Peers { get; set; }

        /// <summary>The name of the -Peers cluster: a piped row of a named cluster binds its ClusterName here.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ClusterName { get; set; }

        /// <summary>A kevy.toml whose [cluster] peers names the cluster.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ConfigPath { get; set; }

        /// <summary>The cluster by its name in the fleet inventory; frames go to one cluster per call, so it must match exactly one.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Cluster { get; set; }

        /// <summary>The fleet inventory -Cluster is looked up in (default: $KevyElectInventory, $env:KEVYELECT_INVENTORY, else the user's configuration folder).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Inventory { get; set; }

        /// <summary>
        /// Deliver only to these nodes. Without it (or with -All) every node of the table gets each frame. Piped
        /// Get-KevyElectPeer rows bind their NodeId here: the frames go once to each row's node.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? NodeId { get; set; }

        /// <summary>Deliver to every node of the table (the default when -NodeId is absent).</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>The bound on each delivery (connect plus write), in seconds.</summary>
        [Parameter]
        [ValidateRange(0.001, 600.0)]
        public double CallTimeoutSec { get; set; } = 2;

        /// <summary>Former name of -CallTimeoutSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(DontShow = true)]
        [ValidateRange(1, 600000)]
        public int TimeoutMs { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            if (All.IsPresent && NodeId != null)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("AllWithNodeId", "-All and -NodeId exclude each other: drop one of them.", NodeId));
            if (Peers != null && ConfigPath != null)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("PeersWithConfigPath", "-Peers and -ConfigPath exclude each other: drop one of them.", ConfigPath));
            if (Cluster != null && (Peers != null || ConfigPath != null))
                ThrowTerminatingError(ErrorRecords.InvalidArgument("ClusterWithPeers", "-Cluster names the cluster by its inventory name: drop -Peers and -ConfigPath.", Cluster));
        }

        /// <summary>
        /// Gathers the cluster, the destination nodes and the messages every piped record names; the frames are
        /// sent once, at the end, so three piped rows send each frame to three nodes, not nine times.
        /// </summary>
        protected override void ProcessRecord()
        {
            // The config file is read once; Peers can come with each pipeline record (by property name).
            PeerTable table = KevyClusterCmdlet.Named(Peers, ClusterName) ?? (_table ??= Cluster != null ? new ClusterSelection(this, Inventory).Single(Cluster) : ClusterPeers.Resolve(this, null, ConfigPath));
            _piped.Add(table, NodeId);
            if (ParameterSetName == MessageSet || _messages.Count == 0)
                _messages.AddRange(ResolveMessages().Where(m => m != null));
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            PeerTable table = _piped.Single(this);
            if (All.IsPresent && _piped.NodeIds.Count > 0)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("AllWithNodeId",
                    $"-All and the piped rows' NodeId ({string.Join(", ", _piped.NodeIds)}) exclude each other: nothing was sent. Drop -All or pipe the lab instead of its rows.", _piped.NodeIds));
            TimeSpan callTimeout = TimeParameters.FromMs(this, nameof(CallTimeoutSec), CallTimeoutSec, nameof(TimeoutMs), TimeoutMs);
            List<PeerSpec> targets = Targets(table, _piped.NodeIds);
            if (targets.Count == 0) return;

            foreach (ElectMessage message in _messages)
            {
                string frame = ElectFrameText.Describe(message);
                string? why = ElectFrameRisk.Assess(message, table);
                bool risky = why != null;
                var approved = new List<PeerSpec>();
                foreach (PeerSpec peer in targets)
                {
                    string target = $"{peer.Id} ({peer.ElectAddress})";
                    string action = "Send " + frame + (risky ? " — " + why : string.Empty);
                    if (!risky && !LowImpactNeedsAsking()) approved.Add(peer);
                    else if (ShouldProcess(target, action)) approved.Add(peer);
                }
                if (approved.Count == 0) continue;

                WriteVerbose($"sending {frame} to {string.Join(", ", approved.Select(p => p.Id + " (" + p.ElectAddress + ")"))}");
                var deliveries = approved.Select(p => ElectDelivery.DeliverAsync(p, new[] { message }, callTimeout, Cancellation)).ToArray();
                IReadOnlyList<ElectDeliveryReceipt>[] receipts = Await(Task.WhenAll(deliveries));
                foreach (ElectDeliveryReceipt receipt in receipts.Select(r => r[0]))
                {
                    WriteObject(table.Name == null ? receipt : receipt with { ClusterName = table.Name });
                    if (receipt.Error != null)
                        WriteError(ErrorRecords.From(new System.IO.IOException($"{receipt.Verb} not delivered to {receipt.Target}: {receipt.Error}"),
                            "DeliveryFailed", ErrorCategory.ConnectionError, receipt));
                }
            }
        }

        private List<PeerSpec> Targets(PeerTable table, IReadOnlyList<string> nodeIds)
        {
            if (nodeIds.Count == 0) return table.ToList();
            var targets = new List<PeerSpec>();
            foreach (string id in nodeIds)
            {
                PeerSpec? peer = table.Find(id);
                if (peer != null) targets.Add(peer);
                else WriteError(new ErrorRecord(new ItemNotFoundException($"'{id}' is not a member of the cluster ({string.Join(", ", table.Select(p => p.Id))})."),
                    "KevyElect.UnknownNodeId", ErrorCategory.ObjectNotFound, id));
            }
            return targets;
        }

        /// <summary>A low-impact HB still goes through ShouldProcess under -WhatIf, -Confirm or $ConfirmPreference = Low.</summary>
        private bool LowImpactNeedsAsking()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? w) && w is SwitchParameter ws && ws.IsPresent) return true;
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out object? c) && c is SwitchParameter cs && cs.IsPresent) return true;
            object? whatIfPreference = SessionState.PSVariable.GetValue("WhatIfPreference");
            if (whatIfPreference != null && LanguagePrimitives.IsTrue(whatIfPreference)) return true;
            // The preference may hold the enum or, after an assignment like $ConfirmPreference = 'Low', a string.
            object? confirm = SessionState.PSVariable.GetValue("ConfirmPreference");
            return LanguagePrimitives.TryConvertTo(confirm, out ConfirmImpact impact) && impact == ConfirmImpact.Low;
        }
    }
}
