using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Internal;
using KevyElect.Net;

namespace KevyElect.Failover
{
    /// <summary>
    /// The drain of a planned switchover, run while the old primary's writes are quiesced: what the primary
    /// acknowledged (REPL.TOKEN, read until two reads agree, so no write in flight is missed) against what
    /// the target applied (REPL.WAIT on that token answers +OK once every shard has applied it).
    /// </summary>
    internal static class SwitchoverDrain
    {
        private const int TokenReadsMax = 20;

        /// <summary>The proof: NoLoss when the target confirmed the token within <paramref name="timeout"/>, else Incomplete.</summary>
        /// <exception cref="OperationCanceledException">Cancelled; the caller aborts the quiesce.</exception>
        public static async Task<DrainProof> ProveAsync(PeerSpec primary, PeerSpec target, TimeSpan timeout, TimeSpan call, Action<string> report, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            (ReplToken? acknowledged, string? tokenError) = await StableTokenAsync(primary, call, ct).ConfigureAwait(false);
            if (acknowledged == null)
                return DrainProof.Unmeasured($"REPL.TOKEN on {primary.Id} failed under the quiesce ({tokenError}); {target.Id} was not promoted");

            TimeSpan left = timeout - clock.Elapsed;
            Task<string?> wait = DataPlaneCommands.ReplWaitAsync(target, acknowledged, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), call, ct);
            await ReportWhileWaitingAsync(wait, target, clock, report, ct).ConfigureAwait(false);
            string? waitError = await wait.ConfigureAwait(false);
            (ReplToken? applied, _) = await DataPlaneCommands.ReplTokenAsync(target, call, ct).ConfigureAwait(false);
            string method = $"REPL.TOKEN on {primary.Id} once its writes had stopped, REPL.WAIT with that token on {target.Id}";
            return waitError == null
                ? DrainProof.Confirmed(method + " answered +OK before it was promoted", acknowledged, applied)
                : DrainProof.Incomplete(method + $" answered {waitError}; its own REPL.TOKEN reading gives the frames missing", acknowledged, applied);
        }

        /// <summary>
        /// Without a provable drain (accepted loss): waits until the target shows its link up and no lag a full heartbeat
        /// interval after the quiesce began, when the lag gauge has been refreshed by a heartbeat sent after the last write.
        /// </summary>
        public static async Task<(bool Drained, DrainProof Proof)> WaitGaugeAsync(PeerSpec target, TimeSpan heartbeat, TimeSpan timeout, FailoverRunOptions options, CancellationToken ct)
        {
            bool drained = await Poll.UntilAsync(async elapsed =>
            {
                if (elapsed < heartbeat) return false;
                try
                {
                    ReplicationInfo info = await KevyClient.InfoReplicationAsync(target.Host, target.ClientPort, options.CallTimeout, ct).ConfigureAwait(false);
                    return info.IsMasterLinkUp == true && info.SlaveLagFrames == 0;
                }
                catch (Exception e) when (e is KevyNetException || e is KevyReplyErrorException)
                {
                    return false;
                }
            }, timeout, options.PollInterval, ct, options.TimeProvider).ConfigureAwait(false);
            return (drained, DrainProof.Unmeasured(drained
                ? $"{target.Id} reported its link up and slave_lag_frames:0 {heartbeat.TotalMilliseconds:0} ms after the quiesce; that gauge is not exact (accepted with -AcceptDataLoss)"
                : $"{target.Id} did not report slave_lag_frames:0 within {timeout.TotalSeconds:0.###} s"));
        }

        /// <summary>While REPL.WAIT is pending, says every few hundred milliseconds how long writes have paused and whether the target answers at all.</summary>
        private static async Task ReportWhileWaitingAsync(Task wait, PeerSpec target, Stopwatch clock, Action<string> report, CancellationToken ct)
        {
            TimeSpan every = TimeSpan.FromMilliseconds(250);
            while (await Task.WhenAny(wait, Task.Delay(every, ct)).ConfigureAwait(false) != wait)
            {
                string answers;
                try
                {
                    await KevyClient.PingAsync(target.Host, target.ClientPort, every, ct).ConfigureAwait(false);
                    answers = $"{target.Id} answers PING but has not applied everything yet";
                }
                catch (KevyNetException e)
                {
                    answers = $"{target.Id} does not answer ({e.Message})";
                }
                report($"writes paused for {clock.Elapsed.TotalMilliseconds:0} ms: {answers}");
            }
        }

        private static async Task<(ReplToken?, string?)> StableTokenAsync(PeerSpec primary, TimeSpan call, CancellationToken ct)
        {
            (ReplToken? last, string? error) = await DataPlaneCommands.ReplTokenAsync(primary, call, ct).ConfigureAwait(false);
            for (int i = 0; last != null && i < TokenReadsMax; i++)
            {
                (ReplToken? next, string? nextError) = await DataPlaneCommands.ReplTokenAsync(primary, call, ct).ConfigureAwait(false);
                if (next == null) return (null, nextError);
                if (next.Equals(last)) return (last, null);
                last = next;
            }
            return last == null ? (null, error) : (null, $"the token still moved after {TokenReadsMax} reads: writes are not stopped");
        }
    }
}
