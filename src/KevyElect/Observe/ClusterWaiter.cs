using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Internal;

namespace KevyElect.Observe
{
    /// <summary>Polls a cluster with <see cref="PeerProbe"/> until its summary meets a <see cref="ClusterCondition"/> or the time is up.</summary>
    public static class ClusterWaiter
    {
        /// <summary>
        /// Polls every <see cref="ClusterWaitOptions.Interval"/> until a poll meets <paramref name="condition"/> or
        /// <see cref="ClusterWaitOptions.Timeout"/> has passed (measured on a monotonic clock), and returns the last poll's
        /// status: <see cref="ClusterWaitStatus.IsMet"/> tells which. The last poll falls on the deadline; one that starts
        /// before it runs to completion. Each node's data-plane connection is kept from poll to poll, and every socket is
        /// closed when the wait ends.
        /// </summary>
        /// <param name="table">The cluster.</param>
        /// <param name="condition">What to wait for.</param>
        /// <param name="options">Timeout, interval, probe timeout.</param>
        /// <param name="onPoll">Receives every poll's status (e.g. for a progress display), on the waiter's task; may be null.</param>
        /// <param name="ct">Ends the wait.</param>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        /// <exception cref="ArgumentException">The condition names a writable primary that is not a member.</exception>
        public static async Task<ClusterWaitStatus> WaitAsync(PeerTable table, ClusterCondition condition, ClusterWaitOptions options,
            Action<ClusterWaitStatus>? onPoll, CancellationToken ct)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (condition is null) throw new ArgumentNullException(nameof(condition));
            if (options is null) throw new ArgumentNullException(nameof(options));
            options.Validate();
            condition.Validate(table);
            var probe = new ProbeOptions { Timeout = options.ProbeTimeout };
            Stopwatch clock = Stopwatch.StartNew();
            int polls = 0;
            ClusterWaitStatus? last = null;
            using var connections = new ProbeConnections(idleLimit: null, capacity: int.MaxValue, trustsElectPort: false);
            await Poll.UntilAsync(async () =>
            {
                var rows = await PeerProbe.ProbeAsync(table, probe, connections, ct).ConfigureAwait(false);
                last = new ClusterWaitStatus(condition, ClusterSummary.From(table, rows), ++polls, clock.Elapsed, options.Timeout);
                onPoll?.Invoke(last);
                return last.IsMet;
            }, options.Timeout, options.Interval, ct).ConfigureAwait(false);
            return last!;
        }
    }
}
