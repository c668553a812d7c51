using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Internal;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Failover
{
    /// <summary>
    /// Runs a planned switchover that loses no acknowledged write, built from what the server offers:
    /// <list type="number">
    /// <item>Quiesce: <c>FAILOVER 0.0.0.0 0</c> on the primary stops its writes (<c>-QUIESCED</c>). Its handover probe can
    /// never reach that address, so the server promotes nothing by itself and names no address a client could follow.</item>
    /// <item>Drain: <c>REPL.TOKEN</c> on the primary (what it acknowledged, per shard), then <c>REPL.WAIT</c> with that token on
    /// the target, which answers +OK once every shard has applied it. (FAILOVER's own drain reads a lag gauge refreshed
    /// about once a second and promotes targets that are still behind.)</item>
    /// <item>Promote: ANNOUNCE at a higher epoch to the target's elect port: its elector promotes its data plane.</item>
    /// <item>Follow: the same ANNOUNCE to every other node: the old primary's elector retargets its data plane while its
    /// writes are still quiesced, and the other replicas follow.</item>
    /// <item>Release: FAILOVER ABORT on the old primary once it replicates from the target; its writes answer -READONLY.</item>
    /// <item>Verify: ROLE and INFO of every reachable node agree on the target.</item>
    /// </list>
    /// A timeout or cancellation before the promotion sends FAILOVER ABORT and reports RolledBack: nothing moved.
    /// </summary>
    public static class SwitchoverRunner
    {
        /// <summary>The address the quiesce names: a client cannot follow it and the server's own handover probe cannot reach it.</summary>
        internal const string NowhereHost = "0.0.0.0";

        /// <summary>Runs <paramref name="plan"/> (a refused plan returns a Refused result and sends nothing).</summary>
        /// <exception cref="ArgumentException">The plan is not a planned switchover.</exception>
        public static async Task<FailoverResult> RunAsync(PeerTable table, FailoverPlan plan, FailoverRunOptions options,
            IProgress<FailoverProgress>? progress, CancellationToken ct)
        {
            RunArguments.Check(table, plan, options, FailoverKind.Planned);
            if (plan.IsRefused) return FailoverResult.FromRefusal(plan);
            PeerSpec primary = table.Find(plan.CurrentPrimaryId!) ?? throw new ArgumentException($"'{plan.CurrentPrimaryId}' is not in the peer table", nameof(plan));
            PeerSpec target = table.Find(plan.TargetId!) ?? throw new ArgumentException($"'{plan.TargetId}' is not in the peer table", nameof(plan));
            return await new Run(table, plan, options, progress, primary, target).ExecuteAsync(ct).ConfigureAwait(false);
        }

        internal static string DescribeReceipts(ElectMessage message, IReadOnlyList<ElectDeliveryReceipt> receipts) =>
            ElectFrameText.Describe(message) + " -> " + string.Join(", ", receipts.Select(r => r.Target + (r.Delivered ? " ok" : " FAILED (" + r.Error + ")")));

        private sealed class Run
        {
            private readonly PeerTable _table;
            private readonly FailoverPlan _plan;
            private readonly FailoverRunOptions _options;
            private readonly PeerSpec _primary;
            private readonly PeerSpec _target;
            private readonly RunLog _log;
            private TimeSpan _quiescedAt;

            public Run(PeerTable table, FailoverPlan plan, FailoverRunOptions options, IProgress<FailoverProgress>? progress, PeerSpec primary, PeerSpec target)
            {
                _table = table;
                _plan = plan;
                _options = options;
                _primary = primary;
                _target = target;
                _log = new RunLog(progress);
            }

            private TimeSpan Call => _options.CallTimeout;

            // Writes are refused until the target takes them: poll it more often than the settle loop does.
            private TimeSpan PromotePoll => _options.PollInterval < TimeSpan.FromMilliseconds(5) ? _options.PollInterval : TimeSpan.FromMilliseconds(5);

            public async Task<FailoverResult> ExecuteAsync(CancellationToken ct)
            {
                FailoverResult? early = await QuiesceAsync(ct).ConfigureAwait(false);
                if (early != null) return early;

                DrainProof proof;
                bool drained;
                try
                {
                    (drained, proof) = await DrainAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await AbortAsync().ConfigureAwait(false);
                    _log.End("Drain", false, "cancelled (Ctrl+C) during the drain; FAILOVER ABORT sent");
                    return Finish(FailoverOutcome.RolledBack, _primary.Id, null, Array.Empty<string>(), DrainProof.Unmeasured("cancelled before the drain completed"),
                        $"cancelled during the drain: FAILOVER ABORT sent to {_primary.Id}, which keeps writing; {_target.Id} was not promoted");
                }
                if (!drained)
                {
                    bool aborted = await AbortAsync().ConfigureAwait(false);
                    return Finish(FailoverOutcome.RolledBack, _primary.Id, null, Array.Empty<string>(), proof,
                        $"{_target.Id} was not promoted: {proof.Describe()}; FAILOVER ABORT {(aborted ? "answered +OK" : "could not be delivered")}, {_primary.Id} keeps writing");
                }

                // From here on the cluster changes hands: no cancellation, every wait bounded by a timeout.
                TimeSpan? writable = await PromoteAsync().ConfigureAwait(false);
                if (writable == null)
                {
                    bool stillPrimary = !await PrimaryRelease.FollowsAsync(_table, _primary, _target, Call, CancellationToken.None).ConfigureAwait(false);
                    if (stillPrimary && await AbortAsync().ConfigureAwait(false))
                        return Finish(FailoverOutcome.RolledBack, _primary.Id, null, Array.Empty<string>(), proof,
                            $"{_target.Id} did not take over after the ANNOUNCE at epoch {_plan.Epoch} (its elector may hold a higher epoch: rerun with a larger -Epoch); "
                            + $"FAILOVER ABORT sent, {_primary.Id} keeps writing");
                }
                await FollowAsync().ConfigureAwait(false);
                PrimaryRelease.Outcome released = await ReleaseAsync().ConfigureAwait(false);
                return await VerifyAsync(proof, writable, released).ConfigureAwait(false);
            }

            private async Task<FailoverResult?> QuiesceAsync(CancellationToken ct)
            {
                // The quiesce outlives every wait of the run, so the server never lifts it while this node is still a master;
                // if this process dies, the server lifts it at this timeout and the old primary resumes.
                long fenceMs = (long)(_options.QuiesceTimeout + _options.SettleTimeout).TotalMilliseconds;
                string[] quiesce = { "FAILOVER", NowhereHost, "0", "TIMEOUT", fenceMs.ToString(CultureInfo.InvariantCulture) };
                string text = string.Join(" ", quiesce);
                _log.Begin("Quiesce", $"{text} on {_primary.Id}: stopping its writes", 5);
                string? error;
                try
                {
                    RespValue reply = await DataPlaneCommands.ExecuteAsync(_primary, Call, ct, quiesce).ConfigureAwait(false);
                    error = reply.IsError ? "-" + reply.Text : null;
                }
                catch (KevyNetException e)
                {
                    error = e.Message;
                    await AbortAsync().ConfigureAwait(false); // a network failure may hide a FAILOVER that did start
                }
                catch (OperationCanceledException)
                {
                    await AbortAsync().ConfigureAwait(false);
                    _log.End("Quiesce", false, "cancelled while sending FAILOVER; FAILOVER ABORT sent");
                    return Finish(FailoverOutcome.RolledBack, _primary.Id, null, Array.Empty<string>(), DrainProof.Unmeasured("cancelled before the quiesce"),
                        $"cancelled before the handover began; FAILOVER ABORT sent, {_primary.Id} keeps writing");
                }
                _quiescedAt = _log.Elapsed;
                if (error != null)
                {
                    _log.End("Quiesce", false, text + " -> " + error);
                    return Finish(FailoverOutcome.Failed, _primary.Id, null, Array.Empty<string>(), DrainProof.Unmeasured("the quiesce failed"),
                        $"FAILOVER on {_primary.Id} failed ({error}); the cluster is unchanged");
                }
                _log.End("Quiesce", true, $"{text} on {_primary.Id} -> +OK: its writes answer -QUIESCED");
                return null;
            }

            /// <summary>True when the target may be promoted, with the proof (or, without a provable drain, what was done instead).</summary>
            private async Task<(bool, DrainProof)> DrainAsync(CancellationToken ct)
            {
                if (_plan.DrainUnprovable == null)
                {
                    _log.Begin("Drain", $"waiting for {_target.Id} to apply every write {_primary.Id} acknowledged (REPL.TOKEN, REPL.WAIT)", 15);
                    DrainProof proof = await SwitchoverDrain.ProveAsync(_primary, _target, _options.QuiesceTimeout, Call,
                        status => _log.Report("Drain", status, 25), ct).ConfigureAwait(false);
                    _log.End("Drain", proof.NoLoss, proof.Describe());
                    return (proof.NoLoss, proof);
                }
                _log.Begin("Drain", $"waiting for {_target.Id}'s lag gauge to read 0 after a heartbeat (not exact: -AcceptDataLoss)", 15);
                (bool drained, DrainProof gauge) = await SwitchoverDrain.WaitGaugeAsync(_target, _options.HeartbeatInterval, _options.QuiesceTimeout, _options, ct).ConfigureAwait(false);
                _log.End("Drain", drained, gauge.Describe());
                return (drained, gauge);
            }

            private async Task<TimeSpan?> PromoteAsync()
            {
                var announce = new AnnounceMessage(_plan.Epoch, _target.Id, _target.ClientAddress);
                _log.Begin("Promote", $"{ElectFrameText.Describe(announce)} to {_target.Id}; waiting until it accepts writes", 40);
                IReadOnlyList<ElectDeliveryReceipt> receipt = await ElectDelivery.DeliverAsync(_target, new ElectMessage[] { announce }, Call, CancellationToken.None).ConfigureAwait(false);
                string? why = null;
                bool writable = receipt[0].Delivered && await Poll.UntilAsync(async () =>
                {
                    why = await DataPlaneCommands.ProbeWriteAsync(_target, Call, CancellationToken.None).ConfigureAwait(false);
                    if (why != null)
                        _log.Report("Promote", $"writes paused; {_target.Id} does not accept writes yet ({why}), {(_log.Elapsed - _quiescedAt).TotalMilliseconds:0} ms", 45);
                    return why == null;
                }, _options.QuiesceTimeout, PromotePoll, CancellationToken.None, _options.TimeProvider).ConfigureAwait(false);
                TimeSpan? at = writable ? _log.Elapsed - _quiescedAt : (TimeSpan?)null;
                _log.End("Promote", writable, DescribeReceipts(announce, receipt)
                    + (writable ? $"; {_target.Id} accepts writes {at!.Value.TotalMilliseconds:0.#} ms after the quiesce" : $"; {_target.Id} still refuses writes ({why ?? receipt[0].Error})"));
                return at;
            }

            private async Task FollowAsync()
            {
                var announce = new AnnounceMessage(_plan.Epoch, _target.Id, _target.ClientAddress);
                var others = _table.Where(p => p.Id != _target.Id).ToArray();
                _log.Begin("Announce", $"{ElectFrameText.Describe(announce)} to {string.Join(", ", others.Select(p => p.Id))}", 55);
                IReadOnlyList<ElectDeliveryReceipt> receipts = await ElectDelivery.BroadcastAsync(others, announce, Call, CancellationToken.None).ConfigureAwait(false);
                _log.End("Announce", receipts.Any(r => r.Target == _primary.Id && r.Delivered), DescribeReceipts(announce, receipts));
            }

            private async Task<PrimaryRelease.Outcome> ReleaseAsync()
            {
                _log.Begin("Release", $"waiting until {_primary.Id} replicates from {_target.Id}, then FAILOVER ABORT on it", 65);
                PrimaryRelease.Outcome released = await PrimaryRelease.RunAsync(_table, _primary, _target, _options, _options.SettleTimeout).ConfigureAwait(false);
                _log.End("Release", released.Followed && released.Released, released.Detail);
                return released;
            }

            private async Task<FailoverResult> VerifyAsync(DrainProof proof, TimeSpan? writable, PrimaryRelease.Outcome released)
            {
                _log.Begin("Verify", $"waiting until every node agrees on {_target.Id}", 75);
                Verification.Outcome verified = await Verification.WaitSettledAsync(_table, _target, _options, _log, 75, 100, CancellationToken.None).ConfigureAwait(false);
                writable ??= verified.FirstWriteAt - _quiescedAt;
                _log.End("Verify", verified.Settled, verified.Settled ? $"ROLE and INFO agree on {_target.Id} on every reachable node; it accepts writes"
                    : string.Join("; ", verified.Mismatches));
                _log.Report("Done", verified.Settled ? "switchover complete" : "did not settle", 100);
                if (!verified.Settled)
                    return Finish(FailoverOutcome.Unknown, null, writable, verified.Mismatches, proof,
                        $"commands were sent but the cluster did not settle on {_target.Id} within {_options.SettleTimeout.TotalSeconds:0.###} s"
                        + (released.Released ? string.Empty : $" ({released.Detail})")
                        + (verified.Mismatches.Any(m => m.Contains("ROLE")) ? $" (if ROLE still names the old primary, the nodes may hold an epoch above {_plan.Epoch}: rerun with a larger -Epoch)" : string.Empty));
                string message = $"{_target.Id} is primary on both planes at epoch {_plan.Epoch}; {_primary.Id} replicates from it; {proof.Summary} (see Drain)";
                return proof.NoLoss
                    ? Finish(FailoverOutcome.Succeeded, _target.Id, writable, Array.Empty<string>(), proof, message)
                    : Finish(FailoverOutcome.SucceededUnproven, _target.Id, writable, Array.Empty<string>(), proof, message);
            }

            private async Task<bool> AbortAsync()
            {
                string? error = await PrimaryRelease.SendAsync(_primary, Call, "FAILOVER", "ABORT").ConfigureAwait(false);
                return error == null;
            }

            private FailoverResult Finish(FailoverOutcome outcome, string? newPrimary, TimeSpan? writable, IReadOnlyList<string> mismatches, DrainProof drain, string message) =>
                new FailoverResult(_plan, outcome, newPrimary, _log.Steps.ToArray(), writable, mismatches, message, null, drain);
        }
    }
}
