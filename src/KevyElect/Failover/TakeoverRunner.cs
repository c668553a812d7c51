using System;
using System.Collections.Generic;
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
    /// Runs a forced takeover: optional stand-in voters (so a target without a majority holds its write
    /// lease), ANNOUNCE of the target at the plan's epoch to every node, <c>REPLICAOF NO ONE</c> on the
    /// target when its data plane still replicates, then verification that it accepts writes and every
    /// reachable node agrees on it. Writes the target lacked (<see cref="FailoverPlan.OffsetGap"/>) are lost.
    /// </summary>
    public static class TakeoverRunner
    {
        private static readonly string[] VerificationInterrupted = { "verification interrupted" };

        /// <summary>Runs <paramref name="plan"/> (a refused plan returns a Refused result and sends nothing).</summary>
        /// <exception cref="ArgumentException">The plan is not a takeover.</exception>
        public static async Task<FailoverResult> RunAsync(PeerTable table, FailoverPlan plan, FailoverRunOptions options,
            IProgress<FailoverProgress>? progress, CancellationToken ct)
        {
            RunArguments.Check(table, plan, options, FailoverKind.Takeover);
            if (plan.IsRefused) return FailoverResult.FromRefusal(plan);
            PeerSpec target = table.Find(plan.TargetId!) ?? throw new ArgumentException($"'{plan.TargetId}' is not in the peer table", nameof(plan));
            ct.ThrowIfCancellationRequested();

            var log = new RunLog(progress);
            TimeSpan call = options.CallTimeout;
            StandInVoter? standIn = null;

            // 1. Stand-ins first, so the target holds its lease from the moment it is announced.
            if (plan.StandInVotersNeeded > 0)
            {
                log.Begin("StandIn", $"starting {plan.StandInVotersNeeded} stand-in voter(s) for {target.Id}", 10);
                standIn = StandInVoter.Start(table, target, plan.Epoch, plan.StandInVotersNeeded, options.StandInInterval, call);
                log.End("StandIn", true, $"HB {plan.Epoch} {string.Join(",", standIn.VoterIds)} replica 0 to {target.Id} every {options.StandInInterval.TotalMilliseconds} ms");
            }

            // 2. ANNOUNCE to every node; the unreachable ones fail fast and are reported.
            log.Begin("Announce", $"ANNOUNCE {plan.Epoch} {target.Id} to every elect port", 30);
            var announce = new AnnounceMessage(plan.Epoch, target.Id, target.ClientAddress);
            IReadOnlyList<ElectDeliveryReceipt> receipts = await ElectDelivery.BroadcastAsync(table, announce, call, CancellationToken.None).ConfigureAwait(false);
            bool targetGotIt = receipts.Any(r => r.Target == target.Id && r.Delivered);
            log.End("Announce", targetGotIt, SwitchoverRunner.DescribeReceipts(announce, receipts));
            if (!targetGotIt)
            {
                standIn?.Stop();
                return Finish(plan, FailoverOutcome.Failed, null, log, null, Array.Empty<string>(),
                    $"the ANNOUNCE could not be delivered to {target.Id}; other nodes may have received it, so check the cluster and rerun");
            }

            // 3. Promote the data plane if it still replicates (from the lost primary).
            log.Begin("Promote", $"checking {target.Id}'s data plane", 50);
            string promoteDetail;
            bool promoted = true;
            try
            {
                ReplicationInfo info = await KevyClient.InfoReplicationAsync(target.Host, target.ClientPort, call, CancellationToken.None).ConfigureAwait(false);
                if (info.Role == ReplicationRole.Slave)
                {
                    RespValue reply = await DataPlaneCommands.ExecuteAsync(target, call, CancellationToken.None, "REPLICAOF", "NO", "ONE").ConfigureAwait(false);
                    promoted = !reply.IsError;
                    promoteDetail = "REPLICAOF NO ONE on " + target.Id + " -> " + (reply.IsError ? "-" + reply.Text : "+OK");
                }
                else
                {
                    promoteDetail = target.Id + " already is data-plane master";
                }
            }
            catch (Exception e) when (e is KevyNetException || e is KevyReplyErrorException)
            {
                promoted = false;
                promoteDetail = e.Message;
            }
            log.End("Promote", promoted, promoteDetail);

            // 4. Verify.
            log.Begin("Verify", $"waiting until {target.Id} accepts writes and every node agrees on it", 60);
            Verification.Outcome verified;
            try
            {
                verified = await Verification.WaitSettledAsync(table, target, options, log, 60, 100, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                log.End("Verify", false, "verification interrupted by cancellation");
                return Finish(plan, FailoverOutcome.Unknown, null, log, null, VerificationInterrupted,
                    $"ANNOUNCE was sent but verification was interrupted; check with Get-KevyElectPeer" + StandInNote(standIn), standIn);
            }
            log.End("Verify", verified.Settled, verified.Settled ? $"{target.Id} accepts writes; every reachable node agrees on it" : string.Join("; ", verified.Mismatches));
            log.Report("Done", verified.Settled ? "takeover complete" : "did not settle", 100);
            string gap = plan.LossBounded ? $"{plan.OffsetGap} frames" : $"at least {plan.OffsetGap} frames (unreachable nodes may have held more)";
            return verified.Settled
                ? Finish(plan, FailoverOutcome.Succeeded, target.Id, log, verified.FirstWriteAt, Array.Empty<string>(),
                    $"{target.Id} is primary at epoch {plan.Epoch} and accepts writes; offset gap {gap}" + StandInNote(standIn), standIn)
                : Finish(plan, FailoverOutcome.Unknown, null, log, verified.FirstWriteAt, verified.Mismatches,
                    $"ANNOUNCE was sent but the cluster did not settle on {target.Id} within {options.SettleTimeout.TotalSeconds:0.###} s"
                    + (verified.Mismatches.Any(m => m.Contains("ROLE")) ? $" (nodes may hold an epoch above {plan.Epoch}: rerun with a larger -Epoch)" : string.Empty)
                    + StandInNote(standIn), standIn);
        }

        private static string StandInNote(StandInVoter? standIn) => standIn == null ? string.Empty
            : $"; stand-in voter {string.Join(",", standIn.VoterIds)} keeps {standIn.TargetNodeId}'s lease in this process: call .StandIn.Stop() once enough nodes are back";

        private static FailoverResult Finish(FailoverPlan plan, FailoverOutcome outcome, string? newPrimary, RunLog log, TimeSpan? writable,
            IReadOnlyList<string> mismatches, string message, StandInVoter? standIn = null) =>
            new FailoverResult(plan, outcome, newPrimary, log.Steps.ToArray(), writable, mismatches, message, standIn);
    }
}
