using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Internal;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Failover
{
    /// <summary>
    /// Ends the old primary's quiesce once it is safe: after its data plane replicates from the new primary
    /// (its elector retargets it when the ANNOUNCE arrives), so that lifting the quiesce can never reopen
    /// writes on a master. While a node is still loading the new primary's snapshot it refuses
    /// FAILOVER ABORT with <c>-LOADING</c>; that is retried.
    /// </summary>
    internal static class PrimaryRelease
    {
        public sealed class Outcome
        {
            public bool Followed { get; set; }
            public bool Released { get; set; }
            public string Detail { get; set; } = string.Empty;
        }

        public static async Task<Outcome> RunAsync(PeerTable table, PeerSpec primary, PeerSpec target, FailoverRunOptions options, TimeSpan timeout)
        {
            var result = new Outcome();
            var ct = CancellationToken.None; // stopping half way would leave writes quiesced or two masters
            result.Followed = await Poll.UntilAsync(() => FollowsAsync(table, primary, target, options.CallTimeout, ct), timeout, options.PollInterval, ct, options.TimeProvider).ConfigureAwait(false);
            string how = result.Followed ? $"{primary.Id} replicates from {target.Id}" : string.Empty;
            if (!result.Followed)
            {
                // Its elector did not retarget it (the ANNOUNCE did not reach it): retarget it by hand while its writes
                // are still quiesced, so it never writes as a second master when the quiesce ends.
                string replicaOf = $"REPLICAOF {target.Host} {target.ReplicationPort.ToString(CultureInfo.InvariantCulture)}";
                string? error = await SendAsync(primary, options.CallTimeout, "REPLICAOF", target.Host, target.ReplicationPort.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                result.Followed = error == null;
                how = $"{primary.Id} did not follow {target.Id} within {timeout.TotalSeconds:0.###} s; {replicaOf} on it -> {error ?? "+OK"}";
                if (!result.Followed)
                {
                    result.Detail = how + "; its quiesce was left in place (it ends at the FAILOVER TIMEOUT): run REPLICAOF on it, then FAILOVER ABORT";
                    return result;
                }
            }
            string? abortError = null;
            result.Released = await Poll.UntilAsync(async () =>
            {
                abortError = await SendAsync(primary, options.CallTimeout, "FAILOVER", "ABORT").ConfigureAwait(false);
                return abortError == null;
            }, timeout, options.PollInterval, ct, options.TimeProvider).ConfigureAwait(false);
            result.Detail = how + (result.Released
                ? "; FAILOVER ABORT -> +OK: its writes answer -READONLY"
                : $"; FAILOVER ABORT kept failing ({abortError}): its quiesce ends at the FAILOVER TIMEOUT");
            return result;
        }

        /// <summary>
        /// True when <paramref name="node"/>'s INFO says it replicates from <paramref name="target"/>, identified through the
        /// peer table (host and any of its ports, aliases included: a node behind a relay names the relay's port).
        /// </summary>
        public static async Task<bool> FollowsAsync(PeerTable table, PeerSpec node, PeerSpec target, TimeSpan timeout, CancellationToken ct)
        {
            try
            {
                ReplicationInfo info = await KevyClient.InfoReplicationAsync(node.Host, node.ClientPort, timeout, ct).ConfigureAwait(false);
                return info.Role == ReplicationRole.Slave && info.MasterHost != null && info.MasterPort is int port
                    && table.FindByEndpoint(info.MasterHost, port)?.Id == target.Id;
            }
            catch (Exception e) when (e is KevyNetException || e is KevyReplyErrorException)
            {
                return false;
            }
        }

        /// <summary>Null on +OK; else the error reply or failure.</summary>
        public static async Task<string?> SendAsync(PeerSpec peer, TimeSpan timeout, params string[] command)
        {
            try
            {
                RespValue reply = await DataPlaneCommands.ExecuteAsync(peer, timeout, CancellationToken.None, command).ConfigureAwait(false);
                return reply.IsError ? "-" + reply.Text : null;
            }
            catch (KevyNetException e)
            {
                return e.Message;
            }
        }
    }
}
