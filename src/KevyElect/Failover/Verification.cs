using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Internal;

namespace KevyElect.Failover
{
    /// <summary>Polls until both planes of every reachable node agree on the new primary and it accepts a write.</summary>
    internal static class Verification
    {
        public sealed class Outcome
        {
            public bool Settled { get; set; }
            public IReadOnlyList<string> Mismatches { get; set; } = Array.Empty<string>();
            public TimeSpan? FirstWriteAt { get; set; }
        }

        public static async Task<Outcome> WaitSettledAsync(PeerTable table, PeerSpec target, FailoverRunOptions options, RunLog log,
            int percentFrom, int percentTo, CancellationToken ct)
        {
            var result = new Outcome();
            result.Settled = await Poll.UntilAsync(async elapsed =>
            {
                IReadOnlyList<NodeObservation> seen = await options.Reader.ReadAsync(table, options.CallTimeout, ct).ConfigureAwait(false);
                var problems = new List<string>(ClusterConsistency.Check(seen, target.Id));
                string? writeError = await DataPlaneCommands.ProbeWriteAsync(target, options.CallTimeout, ct).ConfigureAwait(false);
                if (writeError == null) result.FirstWriteAt ??= log.Elapsed;
                else problems.Add($"{target.Id}: a write probe answered {writeError}");
                result.Mismatches = problems;
                if (problems.Count == 0) return true;
                double done = Math.Min(1.0, elapsed.TotalMilliseconds / options.SettleTimeout.TotalMilliseconds);
                log.Report("Verify", $"waiting for {problems.Count} disagreement(s): {problems[0]}", percentFrom + (int)((percentTo - percentFrom) * done));
                return false;
            }, options.SettleTimeout, options.PollInterval, ct, options.TimeProvider).ConfigureAwait(false);
            return result;
        }
    }
}
