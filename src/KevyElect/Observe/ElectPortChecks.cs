using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Net;

namespace KevyElect.Observe
{
    /// <summary>
    /// The elect port reachability checks of this process, at most one connect per endpoint per
    /// <see cref="MinInterval"/>; a probe within that time reuses the last result. kevy 5.4 resets its election
    /// loop's 200 ms wait on every inbound connection that closes without a frame, without running its timer step,
    /// so connecting every 100 ms (a fast watch) kept a real cluster from failing over at all.
    /// </summary>
    internal static class ElectPortChecks
    {
        /// <summary>The shortest time between two connects to one elect port.</summary>
        public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

        /// <summary>
        /// How long a watch trusts an elect port that answered while the node's data plane keeps answering on the watch's
        /// open connection: kevy's elector and data plane are one process, so that connection says the process lives.
        /// </summary>
        public static readonly TimeSpan TrustedInterval = TimeSpan.FromSeconds(5);

        private static readonly ConcurrentDictionary<string, Entry> s_entries = new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The endpoint's reachability: a fresh connect, or the last one when it started less than <see cref="MinInterval"/> ago.</summary>
        public static Task<ElectProbeResult> CheckAsync(string host, int port, TimeSpan timeout, CancellationToken ct) =>
            CheckAsync(host, port, timeout, MinInterval, ct);

        /// <summary>
        /// As <see cref="CheckAsync(string, int, TimeSpan, CancellationToken)"/>, reusing a successful connect for up to
        /// <paramref name="trustFor"/> (at least <see cref="MinInterval"/>); a failed one is tried again after <see cref="MinInterval"/>.
        /// </summary>
        public static Task<ElectProbeResult> CheckAsync(string host, int port, TimeSpan timeout, TimeSpan trustFor, CancellationToken ct)
        {
            string key = PeerSpec.FormatAddress(host, port);
            while (true)
            {
                Entry current = s_entries.GetOrAdd(key, _ => Entry.Start(host, port, timeout));
                if (!current.IsStale(trustFor)) return current.Task.ContinueWith(t => t.GetAwaiter().GetResult(), ct, TaskContinuationOptions.None, TaskScheduler.Default);
                Entry next = Entry.Start(host, port, timeout);
                if (s_entries.TryUpdate(key, next, current)) return next.Task;
            }
        }

        /// <summary>
        /// Drops what is known of <paramref name="host"/>:<paramref name="port"/>, so the next check connects: for a port
        /// number that something else now holds (a test binding a port that a closed listener had a moment ago).
        /// </summary>
        internal static void Forget(string host, int port) => s_entries.TryRemove(PeerSpec.FormatAddress(host, port), out _);

        private sealed class Entry
        {
            private readonly Stopwatch _age = Stopwatch.StartNew();

            private Entry(Task<ElectProbeResult> task) => Task = task;

            public Task<ElectProbeResult> Task { get; }

            /// <summary>
            /// Old enough to connect again (a success is trusted for <paramref name="trustFor"/>, anything else for
            /// <see cref="MinInterval"/>), or finished with a cancellation (which says nothing about the port).
            /// </summary>
            public bool IsStale(TimeSpan trustFor)
            {
                if (Task.IsCanceled) return true;
                bool succeeded = Task.Status == TaskStatus.RanToCompletion && Task.Result.Reachable;
                return _age.Elapsed >= (succeeded && trustFor > MinInterval ? trustFor : MinInterval);
            }

            // Not bound to one caller's token: another probe may share the result.
            public static Entry Start(string host, int port, TimeSpan timeout) =>
                new Entry(ElectSender.ProbeAsync(host, port, timeout, CancellationToken.None));
        }
    }
}
