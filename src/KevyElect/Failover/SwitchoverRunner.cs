using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Failover
{
    /// <summary>
    /// Runs a planned switchover: FAILOVER on the primary (a zero-loss data-plane handover: writes pause until
    /// the target has caught up), then ANNOUNCE of the target at a higher epoch to every node (the FAILOVER
    /// verb alone leaves every elector naming the old primary and the third node chained to it), then
    /// verification that ROLE and INFO agree everywhere. A timeout or cancellation during the quiesce sends
    /// FAILOVER ABORT and reports RolledBack.
    /// </summary>
    public static class SwitchoverRunner
    {
        /// <summary>Runs <paramref name="plan"/> (a refused plan returns a Refused result and sends nothing).</summary>
        /// <exception cref="ArgumentException">The plan is not a planned switchover.</exception>
        public static async Task<FailoverResult> RunAsync(PeerTable table, FailoverPlan plan, FailoverRunOptions options,
            IProgress<FailoverProgress>? progress, CancellationToken ct)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (plan is null) throw new ArgumentNullException(nameof(plan));
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (plan.Kind != FailoverKind.Planned) throw new ArgumentException("the plan is a takeover; use TakeoverRunner", nameof(plan));
            options.Validate();
            if (plan.IsRefused) return FailoverResult.FromRefusal(plan);
            PeerSpec primary = table.Find(plan.CurrentPrimaryId!) ?? throw new ArgumentException($"'{plan.CurrentPrimaryId}' is not in the peer table", nameof(plan));
            PeerSpec target = table.Find(plan.TargetId!) ?? throw new ArgumentException($"'{plan.TargetId}' is not in the peer table", nameof(plan));

            var log = new RunLog(progress);
            TimeSpan call = options.CallTimeout;
            string timeoutMs = ((long)options.QuiesceTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

            // 1. FAILOVER on the primary.
            log.Begin("Quiesce", $"FAILOVER {target.Host} {target.ClientPort} on {primary.Id}", 10);
            string[] failover = { "FAILOVER", target.Host, target.ClientPort.ToString(CultureInfo.InvariantCulture), "TIMEOUT", timeoutMs };
            TimeSpan quiesceStart = log.Elapsed;
            string? failoverError = null;
            try
            {
                RespValue reply = await DataPlaneCommands.ExecuteAsync(primary, call, ct, failover).ConfigureAwait(false);
                if (reply.IsError) failoverError = "-" + reply.Text;
            }
            catch (KevyNetException e)
            {
                failoverError = e.Message;
            }
            catch (OperationCanceledException)
            {
                // The command may have left: abort to be safe.
                await AbortAsync(primary, call).ConfigureAwait(false);
                log.End("Failover", false, "cancelled while sending FAILOVER; FAILOVER ABORT sent");
                return Finish(plan, FailoverOutcome.RolledBack, primary.Id, log, null, new string[0],
                    "cancelled before the handover began; FAILOVER ABORT sent, " + primary.Id + " stays primary");
            }
            if (failoverError != null)
            {
                // A network failure may hide a FAILOVER that did start: abort it.
                if (!failoverError.StartsWith("-", StringComparison.Ordinal)) await AbortAsync(primary, call).ConfigureAwait(false);
                log.End("Failover", false, string.Join(" ", failover) + " -> " + failoverError);
                return Finish(plan, FailoverOutcome.Failed, primary.Id, log, null, new string[0],
                    $"FAILOVER on {primary.Id} failed ({failoverError}); the cluster is unchanged");
            }
            log.End("Failover", true, string.Join(" ", failover) + " on " + primary.Id + " -> +OK");

            // 2. Wait for the data-plane handover.
            log.Begin("Handover", $"waiting for {target.Id} to catch up and take over the data plane", 20);
            TimeSpan? writable = null;
            string why;
            HandoverState state;
            try
            {
                (state, writable) = await WaitHandoverAsync(primary, target, options, log, quiesceStart, ct).ConfigureAwait(false);
                why = "timeout";
            }
            catch (OperationCanceledException)
            {
                state = HandoverState.Pending;
                why = "cancellation (Ctrl+C)";
            }
            if (state != HandoverState.Done)
            {
                bool aborted = await AbortAsync(primary, call).ConfigureAwait(false);
                // The handover may have completed in the last instant: then the electors must follow it anyway.
                HandoverState after = await ReadHandoverAsync(primary, target, call, CancellationToken.None).ConfigureAwait(false);
                if (after != HandoverState.Done)
                {
                    log.End("Handover", false, $"no handover within the quiesce ({why}); FAILOVER ABORT {(aborted ? "answered +OK" : "could not be delivered")}");
                    bool ct2 = ct.IsCancellationRequested;
                    return Finish(plan, FailoverOutcome.RolledBack, primary.Id, log, null, new string[0],
                        $"aborted the handover on {why} during the quiesce: FAILOVER ABORT sent to {primary.Id}, which stays primary"
                        + (ct2 ? string.Empty : $"; {target.Id} did not catch up within {options.QuiesceTimeout.TotalSeconds:0.###} s (is it lagging or its link down?)"));
                }
                log.End("Handover", true, $"the handover completed just before the abort ({why}); bringing the electors along anyway");
                ct = CancellationToken.None;
            }
            else
            {
                log.End("Handover", true, $"{target.Id} is data-plane master and accepts writes; {primary.Id} replicates from it");
            }

            // 3. Bring every elector along; not cancellable: stopping half way would leave the planes split.
            log.Begin("Announce", $"ANNOUNCE {plan.Epoch} {target.Id} to every elect port", 60);
            var announce = new AnnounceMessage(plan.Epoch, target.Id, target.ClientAddress);
            IReadOnlyList<ElectDeliveryReceipt> receipts = await ElectDelivery.BroadcastAsync(table, announce, call, CancellationToken.None).ConfigureAwait(false);
            log.End("Announce", receipts.Any(r => r.Target == target.Id && r.Delivered), DescribeReceipts(announce, receipts));

            // 4. Verify.
            log.Begin("Verify", $"waiting until every node agrees on {target.Id}", 70);
            Verification.Outcome verified;
            try
            {
                verified = await Verification.WaitSettledAsync(table, target, options, log, 70, 100, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                log.End("Verify", false, "verification interrupted by cancellation");
                return Finish(plan, FailoverOutcome.Unknown, target.Id, log, writable, new[] { "verification interrupted" },
                    $"the handover to {target.Id} completed and ANNOUNCE was sent, but verification was interrupted; check with Get-KevyElectPeer");
            }
            writable ??= verified.FirstWriteAt - quiesceStart;
            log.End("Verify", verified.Settled, verified.Settled ? $"ROLE and INFO agree on {target.Id} on every reachable node; it accepts writes"
                : string.Join("; ", verified.Mismatches));
            log.Report("Done", verified.Settled ? "switchover complete" : "did not settle", 100);
            return verified.Settled
                ? Finish(plan, FailoverOutcome.Succeeded, target.Id, log, writable, new string[0],
                    $"{target.Id} is primary on both planes at epoch {plan.Epoch}; {primary.Id} replicates from it")
                : Finish(plan, FailoverOutcome.Unknown, null, log, writable, verified.Mismatches,
                    $"commands were sent but the cluster did not settle on {target.Id} within {options.SettleTimeout.TotalSeconds:0.###} s"
                    + (verified.Mismatches.Any(m => m.Contains("ROLE")) ? $" (if ROLE still names the old primary, the nodes may hold an epoch above {plan.Epoch}: rerun with a larger -Epoch)" : string.Empty));
        }

        private enum HandoverState { Pending, Done }

        private static async Task<(HandoverState, TimeSpan?)> WaitHandoverAsync(PeerSpec primary, PeerSpec target, FailoverRunOptions options,
            RunLog log, TimeSpan quiesceStart, CancellationToken ct)
        {
            DateTime deadline = DateTime.UtcNow + options.QuiesceTimeout;
            TimeSpan? writable = null;
            while (true)
            {
                HandoverState state = await ReadHandoverAsync(primary, target, options.CallTimeout, ct).ConfigureAwait(false);
                if (state == HandoverState.Done)
                {
                    string? writeError = await DataPlaneCommands.ProbeWriteAsync(target, options.CallTimeout, ct).ConfigureAwait(false);
                    if (writeError == null)
                    {
                        writable = log.Elapsed - quiesceStart;
                        return (HandoverState.Done, writable);
                    }
                }
                if (DateTime.UtcNow >= deadline) return (HandoverState.Pending, null);
                log.Report("Quiesce", $"writes paused; waiting for {target.Id} ({(log.Elapsed - quiesceStart).TotalMilliseconds:0} ms)", 30);
                await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
            }
        }

        /// <summary>Done when the target's INFO says master and the old primary's INFO replicates from the target.</summary>
        private static async Task<HandoverState> ReadHandoverAsync(PeerSpec primary, PeerSpec target, TimeSpan timeout, CancellationToken ct)
        {
            try
            {
                ReplicationInfo t = await KevyClient.InfoReplicationAsync(target.Host, target.ClientPort, timeout, ct).ConfigureAwait(false);
                if (t.Role != ReplicationRole.Master) return HandoverState.Pending;
                ReplicationInfo p = await KevyClient.InfoReplicationAsync(primary.Host, primary.ClientPort, timeout, ct).ConfigureAwait(false);
                bool follows = p.Role == ReplicationRole.Slave && p.MasterHost != null && p.MasterPort != null
                    && string.Equals(p.MasterHost, target.Host, StringComparison.OrdinalIgnoreCase)
                    && (p.MasterPort == target.ClientPort || p.MasterPort == target.ReplicationPort || p.MasterPort == target.ElectPort);
                return follows ? HandoverState.Done : HandoverState.Pending;
            }
            catch (Exception e) when (e is KevyNetException || e is KevyReplyErrorException)
            {
                return HandoverState.Pending;
            }
        }

        private static async Task<bool> AbortAsync(PeerSpec primary, TimeSpan timeout)
        {
            try
            {
                RespValue reply = await DataPlaneCommands.ExecuteAsync(primary, timeout, CancellationToken.None, "FAILOVER", "ABORT").ConfigureAwait(false);
                return !reply.IsError;
            }
            catch (KevyNetException)
            {
                return false;
            }
        }

        internal static string DescribeReceipts(ElectMessage message, IReadOnlyList<ElectDeliveryReceipt> receipts) =>
            ElectFrameText.Describe(message) + " -> " + string.Join(", ", receipts.Select(r => r.Target + (r.Delivered ? " ok" : " FAILED (" + r.Error + ")")));

        private static FailoverResult Finish(FailoverPlan plan, FailoverOutcome outcome, string? newPrimary, RunLog log, TimeSpan? writable,
            IReadOnlyList<string> mismatches, string message) =>
            new FailoverResult(plan, outcome, newPrimary, log.Steps.ToArray(), writable, mismatches, message, null);
    }
}
