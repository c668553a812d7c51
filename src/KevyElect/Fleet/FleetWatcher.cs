using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Observe;

namespace KevyElect.Fleet
{
    /// <summary>
    /// Watches many clusters as one stream: one <see cref="ClusterWatcher"/> per cluster, each polling on its own schedule,
    /// their events merged into one callback, each event carrying its cluster's name (<see cref="ClusterEvent.ClusterName"/>).
    /// A cluster whose probes are slow delays only its own polls.
    /// </summary>
    public static class FleetWatcher
    {
        /// <summary>
        /// Watches until <paramref name="ct"/> is cancelled or every cluster has met <see cref="WatchOptions.Until"/> (each
        /// cluster's watch ends with its own ConditionMet). The first polls are spread over one interval so a large fleet does
        /// not probe every node at the same instant. Callbacks run one at a time; an exception thrown by one, or by a cluster's
        /// watch, ends the whole watch with that exception.
        /// </summary>
        /// <param name="tables">The clusters; name them (<see cref="PeerTable.WithName"/>) so their events say which is which.</param>
        /// <param name="options">As for one cluster; the condition applies to each cluster.</param>
        /// <param name="onEvent">Receives every event of every cluster.</param>
        /// <param name="onPoll">Receives every poll of every cluster before its events; may be null.</param>
        /// <param name="ct">Stops the watch.</param>
        public static async Task RunAsync(IReadOnlyList<PeerTable> tables, WatchOptions options, Action<ClusterEvent> onEvent,
            Action<ClusterSnapshot>? onPoll, CancellationToken ct)
        {
            if (tables is null) throw new ArgumentNullException(nameof(tables));
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (onEvent is null) throw new ArgumentNullException(nameof(onEvent));
            var gate = new object();
            void Event(ClusterEvent e)
            {
                lock (gate) onEvent(e);
            }
            Action<ClusterSnapshot>? poll = onPoll == null ? null : s =>
            {
                lock (gate) onPoll(s);
            };
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                long spread = tables.Count <= 1 ? 0 : options.Interval.Ticks / tables.Count;
                Task[] watches = tables.Select((table, i) => WatchOneAsync(table, TimeSpan.FromTicks(spread * i), options, Event, poll, stop)).ToArray();
                await Task.WhenAll(watches).ConfigureAwait(false);
            }
        }

        private static async Task WatchOneAsync(PeerTable table, TimeSpan delay, WatchOptions options, Action<ClusterEvent> onEvent,
            Action<ClusterSnapshot>? onPoll, CancellationTokenSource stop)
        {
            try
            {
                if (delay > TimeSpan.Zero) await Task.Delay(delay, stop.Token).ConfigureAwait(false);
                await ClusterWatcher.RunAsync(table, options, onEvent, onPoll, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Cancellation is how a watch ends.
            }
            catch
            {
                // One cluster's failure ends the stream: the caller sees the exception, the others stop.
                stop.Cancel();
                throw;
            }
        }
    }
}
