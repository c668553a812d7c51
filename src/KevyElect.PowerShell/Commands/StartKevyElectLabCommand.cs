using System;
using System.Linq;
using System.Management.Automation;
using KevyElect.Election;
using KevyElect.Lab;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Starts a kevy-elect cluster on 127.0.0.1: by default the embedded lab inside this session (real
    /// sockets, real elections, the project's model of kevy); with -Server, real kevy server processes.
    /// Returns the lab, whose Peers property pipes into every cmdlet that takes -Peers.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "KevyElectLab", DefaultParameterSetName = EmbeddedSet)]
    [OutputType(typeof(LabCluster), ParameterSetName = new[] { EmbeddedSet })]
    [OutputType(typeof(ProcessLab), ParameterSetName = new[] { ServerSet })]
    public sealed class StartKevyElectLabCommand : AsyncCmdlet
    {
        private const string EmbeddedSet = "Embedded", ServerSet = "Server";

        /// <summary>Number of nodes: 1 to 15 on the embedded lab, 1 to 7 with -Server.</summary>
        [Parameter(Position = 0)]
        [ValidateRange(1, LabOptions.MaxNodes)]
        public int Nodes { get; set; } = 3;

        /// <summary>
        /// Run real kevy server processes: the path to a kevy 5.x binary, or a name looked up on PATH (kevy).
        /// Their election timings are the server's own (heartbeat 200 ms, down after 5 s).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = ServerSet)]
        [ValidateNotNullOrEmpty]
        public string Server { get; set; } = string.Empty;

        /// <summary>With -Server: shards (kevy's threads) per node, 1 to 4 (default 2).</summary>
        [Parameter(ParameterSetName = ServerSet)]
        [ValidateRange(1, ProcessLabOptions.MaxShards)]
        public int Shards { get; set; } = 2;

        /// <summary>Fast timings for tests: heartbeat 0.05 s, down after 0.6 s, election timeout 0.5 s, backoff 0.1 + up to 0.3 s.</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        public SwitchParameter Fast { get; set; }

        /// <summary>Heartbeat interval in seconds (reference: 0.2).</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.001, 600.0)]
        public double? HeartbeatIntervalSec { get; set; }

        /// <summary>A peer silent this many seconds is DOWN (reference: 5).</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.001, 3600.0)]
        public double? DownAfterSec { get; set; }

        /// <summary>A candidacy without quorum gives up after this many seconds (reference: 3).</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.001, 3600.0)]
        public double? ElectionTimeoutSec { get; set; }

        /// <summary>Fixed backoff after a failed candidacy, in seconds (reference: 1).</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.0, 3600.0)]
        public double? BackoffBaseSec { get; set; }

        /// <summary>Upper bound of the random backoff, in seconds (reference: 4).</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.0, 3600.0)]
        public double? BackoffJitterMaxSec { get; set; }

        /// <summary>How long replicas hold a write before applying it, in seconds.</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.0, 600.0)]
        public double ApplyDelaySec { get; set; }

        /// <summary>Former name of -HeartbeatIntervalSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(ParameterSetName = EmbeddedSet, DontShow = true)]
        [ValidateRange(1, 600000)]
        public long HbIntervalMs { get; set; }

        /// <summary>Former name of -DownAfterSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(ParameterSetName = EmbeddedSet, DontShow = true)]
        [ValidateRange(1, 3600000)]
        public long DownAfterMs { get; set; }

        /// <summary>Former name of -ElectionTimeoutSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(ParameterSetName = EmbeddedSet, DontShow = true)]
        [ValidateRange(1, 3600000)]
        public long ElectionTimeoutMs { get; set; }

        /// <summary>Former name of -BackoffBaseSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(ParameterSetName = EmbeddedSet, DontShow = true)]
        [ValidateRange(0, 3600000)]
        public long BackoffBaseMs { get; set; }

        /// <summary>Former name of -BackoffJitterMaxSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(ParameterSetName = EmbeddedSet, DontShow = true)]
        [ValidateRange(0, int.MaxValue)]
        public long BackoffJitterMaxMs { get; set; }

        /// <summary>Former name of -ApplyDelaySec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(ParameterSetName = EmbeddedSet, DontShow = true)]
        [ValidateRange(0, 600000)]
        public int ApplyDelayMs { get; set; }

        /// <summary>First client port (elect = client + 200, replication = client + 10000); default: a free range.</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(1024, 65535 - 10000 - LabOptions.MaxNodes)]
        public int? BasePort { get; set; }

        /// <summary>Seed of the electors' backoff jitter.</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        public int Seed { get; set; } = 1;

        /// <summary>Return only once one node is a writable primary and every other node follows it on both planes.</summary>
        [Parameter]
        public SwitchParameter WaitForPrimary { get; set; }

        /// <summary>How long -WaitForPrimary waits, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.001, 600.0)]
        public double TimeoutSec { get; set; } = 30;

        /// <summary>Former name of -TimeoutSec, in milliseconds; hidden, kept so existing scripts run.</summary>
        [Parameter(DontShow = true)]
        [ValidateRange(1, 600000)]
        public int TimeoutMs { get; set; }

        /// <summary>Keep the lab running in the foreground until Ctrl+C, then stop it.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            object options = ParameterSetName == ServerSet ? BuildServerOptions() : (object)BuildOptions();
            WriteVerbose(options is ProcessLabOptions p
                ? $"starting {p.Nodes} real kevy node(s) from {p.Server} on free loopback ports"
                : $"starting an embedded lab of {((LabOptions)options).Nodes} node(s) on 127.0.0.1");
            ElectLab lab;
            try
            {
                lab = Await(StartAsync(options));
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, "BadLabOptions", ErrorCategory.InvalidArgument, options));
                return;
            }
            catch (PlatformNotSupportedException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, "LabNotSupported", ErrorCategory.NotImplemented, options));
                return;
            }
            catch (LabPortInUseException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(new LabPortInUseException(ex.Port, ex),
                    "LabPortInUse", ErrorCategory.ResourceUnavailable, ex.Port));
                return;
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException || ex is InvalidOperationException)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, "LabStartFailed", ErrorCategory.ResourceUnavailable, options));
                return;
            }
            try
            {
                // Inside the try: on Ctrl+C every Write* call throws PipelineStoppedException, and the lab must not outlive it.
                SessionClusters.Latest = lab.Peers;
                WriteVerbose($"lab up: {lab.Peers} (data in {lab.DataDirectory})");
                if (WaitForPrimary || Wait) AwaitPrimary(lab);
                if (!Wait)
                {
                    WriteObject(lab);
                    return;
                }
                RunInForeground(lab);
            }
            catch
            {
                lab.Dispose();
                throw;
            }
        }

        private async System.Threading.Tasks.Task<ElectLab> StartAsync(object options) => options is ProcessLabOptions server
            ? await ProcessLab.StartAsync(server, Cancellation).ConfigureAwait(false)
            : await LabCluster.StartAsync((LabOptions)options, Cancellation).ConfigureAwait(false);

        private LabOptions BuildOptions()
        {
            ElectionTimings t = LabOptions.ComposeTimings(Fast.IsPresent,
                TimingMs(nameof(HeartbeatIntervalSec), HeartbeatIntervalSec, nameof(HbIntervalMs), HbIntervalMs),
                TimingMs(nameof(DownAfterSec), DownAfterSec, nameof(DownAfterMs), DownAfterMs),
                TimingMs(nameof(ElectionTimeoutSec), ElectionTimeoutSec, nameof(ElectionTimeoutMs), ElectionTimeoutMs),
                TimingMs(nameof(BackoffBaseSec), BackoffBaseSec, nameof(BackoffBaseMs), BackoffBaseMs),
                TimingMs(nameof(BackoffJitterMaxSec), BackoffJitterMaxSec, nameof(BackoffJitterMaxMs), BackoffJitterMaxMs));
            return new LabOptions
            {
                Nodes = Nodes,
                Timings = t,
                ApplyDelay = TimeParameters.FromMs(this, nameof(ApplyDelaySec), ApplyDelaySec, nameof(ApplyDelayMs), ApplyDelayMs),
                BasePort = BasePort,
                Seed = Seed,
            };
        }

        /// <summary>An election timing in milliseconds from its *Sec parameter or its former *Ms one; null when neither was given.</summary>
        private long? TimingMs(string name, double? seconds, string formerName, long formerMs)
        {
            if (seconds == null && !MyInvocation.BoundParameters.ContainsKey(formerName)) return null;
            return TimeParameters.ToMs(TimeParameters.FromMs(this, name, seconds ?? 0, formerName, formerMs));
        }

        private ProcessLabOptions BuildServerOptions() => new ProcessLabOptions
        {
            Server = Server,
            Nodes = Nodes,
            Shards = Shards,
        };

        private void AwaitPrimary(ElectLab lab)
        {
            try
            {
                // A fresh lab: wait until the others follow the primary too, so a probe right after sees it Healthy.
                LabPrimaryWait.Run(this, lab, TimeParameters.FromMs(this, nameof(TimeoutSec), TimeoutSec, nameof(TimeoutMs), TimeoutMs), Cancellation, steady: true);
            }
            catch (TimeoutException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, "NoPrimary", ErrorCategory.OperationTimeout, lab));
            }
        }

        /// <summary>-Wait: report the lab and its primary changes until Ctrl+C, then stop the lab.</summary>
        private void RunInForeground(ElectLab lab)
        {
            var ui = Host.UI;
            ui.WriteLine($"Lab of {lab.NodeIds.Count} node(s) running on 127.0.0.1 ({lab.Backend.ToString().ToLowerInvariant()}). Peer table:");
            ui.WriteLine("  " + lab.Peers);
            ui.WriteLine("Operate it from another terminal, e.g.:");
            ui.WriteLine($"  Get-KevyElectPeer -Peers '{lab.Peers}'");
            ui.WriteLine("Client ports: " + string.Join(", ", lab.Peers.Select(p => p.Id + "=" + p.ClientPort)) + ". Press Ctrl+C to stop the lab.");
            string? lastPrimary = null;
            try
            {
                while (!Cancellation.WaitHandle.WaitOne(250))
                {
                    var primary = lab.GetState().FirstOrDefault(s => s.IsWritablePrimary);
                    string now = primary == null ? "(none)" : $"{primary.NodeId} (epoch {primary.Epoch})";
                    if (now != lastPrimary) ui.WriteLine($"{DateTime.Now:HH:mm:ss.fff} primary: {now}");
                    lastPrimary = now;
                }
            }
            finally
            {
                lab.Dispose();
            }
        }
    }
}
