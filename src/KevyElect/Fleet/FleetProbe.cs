using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Observe;

namespace KevyElect.Fleet
{
    /// <summary>
    /// Probes many clusters at once with <see cref="PeerProbe"/>, at most <see cref="FleetProbeOptions.ThrottleLimit"/> at a
    /// time, each under its own deadline. A misconfigured cluster, or one stuck past its deadline, ends with its own error
    /// and holds nothing else up.
    /// </summary>
    public static class FleetProbe
    {
        /// <summary>
        /// Probes every cluster (all members, or <paramref name="nodeIds"/> of each when given) and returns one result per
        /// cluster in input order; <paramref name="onResult"/> receives each as it completes (one at a time). Only
        /// cancellation of <paramref name="ct"/> throws.
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public static async Task<IReadOnlyList<FleetProbeResult>> ProbeAsync(IReadOnlyList<FleetCluster> clusters, FleetProbeOptions? options,
            Func<FleetCluster, IReadOnlyCollection<string>?>? nodeIds, Action<FleetProbeResult>? onResult, CancellationToken ct)
        {
            if (clusters is null) throw new ArgumentNullException(nameof(clusters));
            options ??= new FleetProbeOptions();
            options.Validate();
            ct.ThrowIfCancellationRequested();
            var reportLock = new object();
            using (var slots = new SemaphoreSlim(options.ThrottleLimit))
            {
                FleetProbeResult[] results = await Task.WhenAll(clusters.Select(async cluster =>
                {
                    await slots.WaitAsync(ct).ConfigureAwait(false);
                    FleetProbeResult result;
                    try
                    {
                        result = await ProbeOneAsync(cluster, options, nodeIds?.Invoke(cluster), ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                    if (onResult != null)
                    {
                        lock (reportLock) onResult(result);
                    }
                    return result;
                })).ConfigureAwait(false);
                return results;
            }
        }

        /// <summary>Probes one cluster under the deadline; see <see cref="ProbeAsync"/>.</summary>
        private static async Task<FleetProbeResult> ProbeOneAsync(FleetCluster cluster, FleetProbeOptions options, IReadOnlyCollection<string>? nodeIds, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            PeerTable table;
            try
            {
                table = cluster.LoadPeers();
            }
            catch (FleetClusterException e)
            {
                return new FleetProbeResult { ClusterName = cluster.Name, Failure = FleetProbeFailure.Misconfigured, Error = e.Message, Elapsed = clock.Elapsed };
            }
            TimeSpan deadline = options.EffectiveDeadline;
            using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                bounded.CancelAfter(deadline);
                Task<IReadOnlyList<PeerStatus>> probe = PeerProbe.ProbeAsync(table, new ProbeOptions { Timeout = options.Timeout, NodeIds = nodeIds }, bounded.Token);
                // The probe honours the token; the race only guards against a step that does not.
                Task finished = await Task.WhenAny(probe, Task.Delay(deadline + TimeSpan.FromMilliseconds(100), ct)).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                if (finished == probe && probe.Status == TaskStatus.RanToCompletion)
                {
                    IReadOnlyList<PeerStatus> rows = probe.Result;
                    return new FleetProbeResult
                    {
                        ClusterName = cluster.Name,
                        Table = table,
                        Rows = rows,
                        Summary = ClusterSummary.From(table, rows, options.MaxLagFrames),
                        Elapsed = clock.Elapsed,
                    };
                }
                Observe(probe);
                string ms = deadline.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
                return new FleetProbeResult
                {
                    ClusterName = cluster.Name,
                    Table = table,
                    Failure = FleetProbeFailure.DeadlineExceeded,
                    Error = $"cluster '{cluster.Name}': its probe did not finish within {ms} ms (the probe timeout plus a margin); its nodes were not judged",
                    Elapsed = clock.Elapsed,
                };
            }
        }

        // A probe given up on may still fault later; observe it so it is not an unobserved exception.
        private static void Observe(Task task) =>
            task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        /// <summary>
        /// How bad a verdict is, for ordering summaries worst first: SplitBrain (two writers), NoQuorum (none),
        /// Inconsistent, Degraded, Healthy.
        /// </summary>
        public static int Severity(ClusterVerdict verdict) => verdict switch
        {
            ClusterVerdict.SplitBrain => 4,
            ClusterVerdict.NoQuorum => 3,
            ClusterVerdict.Inconsistent => 2,
            ClusterVerdict.Degraded => 1,
            _ => 0,
        };

        /// <summary>The summaries of <paramref name="results"/> that have one, worst verdict first, then by cluster name.</summary>
        public static IReadOnlyList<ClusterSummary> WorstFirst(IEnumerable<FleetProbeResult> results) =>
            (results ?? throw new ArgumentNullException(nameof(results)))
                .Where(r => r.Summary != null)
                .Select(r => r.Summary!)
                .OrderByDescending(s => Severity(s.GetVerdict()))
                .ThenBy(s => s.ClusterName ?? s.Peers, StringComparer.OrdinalIgnoreCase)
                .ToArray();
    }
}
