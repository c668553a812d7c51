using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;

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
            DateTime deadline = DateTime.UtcNow + options.SettleTimeout;
            while (true)
            {
                IReadOnlyList<NodeObservation> seen = await options.Reader.ReadAsync(table, options.CallTimeout, ct).ConfigureAwait(false);
                var problems = new List<string>(ClusterConsistency.Check(seen, target.Id));
                string? writeError = await DataPlaneCommands.ProbeWriteAsync(target, options.CallTimeout, ct).ConfigureAwait(false);
                if (writeError == null) result.FirstWriteAt ??= log.Elapsed;
                else problems.Add($"{target.Id}: a write probe answered {writeError}");
                result.Mismatches = problems;
                if (problems.Count == 0)
                {
                    result.Settled = true;
                    return result;
                }
                double left = (deadline - DateTime.UtcNow).TotalMilliseconds;
                if (left <= 0) return result;
                int percent = percentTo - (int)((percentTo - percentFrom) * Math.Min(1.0, left / options.SettleTimeout.TotalMilliseconds));
                log.Report("Verify", $"waiting for {problems.Count} disagreement(s): {problems[0]}", percent);
                await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
            }
        }
    }
}
