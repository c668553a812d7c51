using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Observe
{
    /// <summary>
    /// Probes every member of a cluster at once: on the client port, one connection sending ROLE and
    /// INFO replication in one write (pipelined, one round trip), kept open for the next probe for a few seconds (see
    /// <see cref="ProbeConnections.Shared"/>); beside it, a TCP connect to the elect port (at most one per node per second per process,
    /// and in a watch whose connection to the node stays open, a port that answered is trusted for 5 s; see <see cref="ElectPortChecks"/>). Each node's work shares one
    /// timeout, and nodes run in parallel, so a dead or silent node costs one timeout, not one per node.
    /// </summary>
    public static class PeerProbe
    {
        /// <summary>
        /// Probes the members (all, or <see cref="ProbeOptions.NodeIds"/>) and returns one row each, in
        /// table order. A node's failure is a field of its row; only cancellation throws.
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public static Task<IReadOnlyList<PeerStatus>> ProbeAsync(PeerTable table, ProbeOptions? options, CancellationToken ct) =>
            ProbeAsync(table, options, ProbeConnections.Shared, ct);

        /// <summary>Probes the members, reusing and keeping data-plane connections in <paramref name="connections"/> (a watch's, or the process's shared ones).</summary>
        internal static async Task<IReadOnlyList<PeerStatus>> ProbeAsync(PeerTable table, ProbeOptions? options, ProbeConnections connections, CancellationToken ct)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            options ??= new ProbeOptions();
            options.Validate();
            ct.ThrowIfCancellationRequested();

            IEnumerable<PeerSpec> members = table;
            if (options.NodeIds != null)
            {
                var wanted = new HashSet<string>(options.NodeIds, StringComparer.Ordinal);
                members = members.Where(p => wanted.Contains(p.Id));
            }
            TimeSpan timeout = options.Timeout;
            PeerStatus[] rows = await Task.WhenAll(members.Select(p => ProbeNodeAsync(p, table, timeout, connections, ct))).ConfigureAwait(false);
            return rows;
        }

        /// <summary>
        /// Closes the data-plane connections that <see cref="ProbeAsync(PeerTable, ProbeOptions, CancellationToken)"/> and
        /// <see cref="ProbeNodeAsync(PeerSpec, PeerTable, TimeSpan, CancellationToken)"/> keep for the next probe (each closes
        /// by itself after 10 s idle), e.g. before counting a process's connections. Later probes keep connections again.
        /// </summary>
        public static void CloseIdleConnections() => ProbeConnections.Shared.CloseIdle();

        /// <summary>Probes one member; see <see cref="ProbeAsync(PeerTable, ProbeOptions, CancellationToken)"/>.</summary>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public static Task<PeerStatus> ProbeNodeAsync(PeerSpec peer, PeerTable table, TimeSpan timeout, CancellationToken ct) =>
            ProbeNodeAsync(peer, table, timeout, ProbeConnections.Shared, ct);

        private static async Task<PeerStatus> ProbeNodeAsync(PeerSpec peer, PeerTable table, TimeSpan timeout, ProbeConnections connections, CancellationToken ct)
        {
            if (peer is null) throw new ArgumentNullException(nameof(peer));
            if (table is null) throw new ArgumentNullException(nameof(table));
            var seen = new PeerStatusBuilder.Observation { ObservedAt = DateTimeOffset.UtcNow };
            // Yield first so a caller starting many probes gets them all in flight before any connect runs.
            await Task.Yield();
            var nodeClock = Stopwatch.StartNew();
            // A watch whose connection to this node is still open trusts an elect port that answered for longer.
            KevyConnection? kept = connections.Take(peer);
            TimeSpan trust = kept != null && connections.TrustsElectPort ? ElectPortChecks.TrustedInterval : ElectPortChecks.MinInterval;
            Task<ElectProbeResult> elect = ElectPortChecks.CheckAsync(peer.Host, peer.ElectPort, timeout, trust, ct);
            await ProbeDataPlaneAsync(peer, timeout, seen, kept, connections, ct).ConfigureAwait(false);
            seen.Elect = await elect.ConfigureAwait(false);
            if (kept != null && connections.TrustsElectPort && seen.ConnectionFailed && seen.Elect.Reachable)
            {
                // The watch's open connection just failed, so the trusted elect port may be gone too: connect afresh,
                // within what is left of this node's timeout.
                seen.Elect = await ElectPortChecks.CheckAsync(peer.Host, peer.ElectPort, Remaining(timeout, nodeClock), ElectPortChecks.MinInterval, ct)
                    .ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();
            if (!seen.Elect.Reachable)
            {
                seen.ConnectionFailed = true;
                seen.Errors.Add($"{Strip(seen.Elect.Error ?? "unreachable", seen.Elect.Endpoint)}: {peer.Id} elect port {seen.Elect.Endpoint}");
            }
            return PeerStatusBuilder.Build(peer, table, seen);
        }

        private static async Task ProbeDataPlaneAsync(PeerSpec peer, TimeSpan timeout, PeerStatusBuilder.Observation seen, KevyConnection? connection,
            ProbeConnections connections, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            bool keep = false;
            string? roleLoading = null; // ROLE's -LOADING, reported only when INFO does not answer either
            try
            {
                bool kept = connection != null;
                connection ??= await KevyConnection.ConnectAsync(peer.Host, peer.ClientPort, timeout, ct).ConfigureAwait(false);

                var roundTrip = Stopwatch.StartNew();
                (RespValue Role, RespValue Info) replies;
                try
                {
                    replies = await connection.RoleAndInfoAsync(Remaining(timeout, clock), ct).ConfigureAwait(false);
                }
                catch (KevyNetException e) when (kept && (e.Kind == KevyNetErrorKind.Closed || e.Kind == KevyNetErrorKind.Reset))
                {
                    // The node closed the kept connection since the last poll (a restart, an idle timeout): ask on a fresh one.
                    connection.Dispose();
                    connection = await KevyConnection.ConnectAsync(peer.Host, peer.ClientPort, Remaining(timeout, clock), ct).ConfigureAwait(false);
                    roundTrip.Restart();
                    replies = await connection.RoleAndInfoAsync(Remaining(timeout, clock), ct).ConfigureAwait(false);
                }
                seen.LatencyMs = Math.Round(roundTrip.Elapsed.TotalMilliseconds, 2);
                try
                {
                    seen.Role = KevyClient.ToRole(connection, replies.Role);
                }
                catch (KevyReplyErrorException e)
                {
                    // INFO may still have answered. A node loading a snapshot (after every resync on kevy) is reachable
                    // and says so in IsLoading, not as an error.
                    if (e.Error.Kind == DataPlane.DataPlaneErrorKind.Loading)
                    {
                        seen.Loading = true;
                        roleLoading = Describe(peer, e.Endpoint, e.Message);
                    }
                    else seen.Errors.Add(Describe(peer, e.Endpoint, e.Message));
                }

                seen.Info = KevyClient.ToInfo(connection, replies.Info);
                keep = true;
            }
            catch (KevyNetException e)
            {
                if (roleLoading != null) seen.Errors.Add(roleLoading);
                seen.ConnectionFailed |= e.Kind != KevyNetErrorKind.ProtocolViolation && e.Kind != KevyNetErrorKind.ReplyTooLarge;
                seen.Errors.Add(Describe(peer, e.Endpoint, e.Message));
            }
            catch (KevyReplyErrorException e)
            {
                if (roleLoading != null) seen.Errors.Add(roleLoading);
                seen.Loading |= e.Error.Kind == DataPlane.DataPlaneErrorKind.Loading;
                seen.Errors.Add(Describe(peer, e.Endpoint, e.Message));
            }
            finally
            {
                if (keep && connection != null) connections.Return(peer, connection);
                else connection?.Dispose();
            }
        }

        // Never zero: a spent budget still gets a 1 ms attempt, which fails as a timeout with the usual message.
        private static TimeSpan Remaining(TimeSpan timeout, Stopwatch clock)
        {
            TimeSpan left = timeout - clock.Elapsed;
            return left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left;
        }

        // The cause first: a table or a narrow terminal cuts the end of a message, and the row already names the node.
        private static string Describe(PeerSpec peer, string endpoint, string message) =>
            $"{Strip(message, endpoint)}: {peer.Id} at {endpoint}";

        private static string Strip(string message, string endpoint) =>
            message.StartsWith(endpoint + ": ", StringComparison.Ordinal) ? message.Substring(endpoint.Length + 2) : message;
    }
}
