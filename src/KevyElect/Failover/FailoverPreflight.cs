using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Internal;

namespace KevyElect.Failover
{
    /// <summary>
    /// Pre-flight over the network: reads every node and plans. Two passing states after a resync are waited out
    /// instead of refused: a replica loading its primary's snapshot answers ROLE and INFO with -LOADING (a real kevy
    /// replica does after every promotion), and a replica that has just resynced has not yet learned its primary's
    /// stream generation (REPL.TOKEN shows 0 until the primary's next replication heartbeat, about a second). Pre-flight
    /// reads again for up to <see cref="GenerationWait"/> before it settles on the plan it has.
    /// </summary>
    public static class FailoverPreflight
    {
        /// <summary>How long pre-flight waits out a node loading a snapshot or a target learning its primary's stream generation.</summary>
        public static readonly TimeSpan GenerationWait = TimeSpan.FromSeconds(5);

        private static readonly TimeSpan PlanPoll = TimeSpan.FromMilliseconds(200);

        /// <summary>Reads the cluster and returns the plan, with the observations it was made from.</summary>
        /// <param name="table">The cluster's peer table.</param>
        /// <param name="request">What the caller asked for.</param>
        /// <param name="reader">Reads each node.</param>
        /// <param name="callTimeout">The bound on each network call.</param>
        /// <param name="status">Told why pre-flight reads again, when it does.</param>
        /// <param name="ct">Cancels the reads.</param>
        public static async Task<(FailoverPlan Plan, IReadOnlyList<NodeObservation> Observations)> PlanAsync(PeerTable table, FailoverRequest request,
            IClusterReader reader, TimeSpan callTimeout, Action<string>? status, CancellationToken ct)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (reader is null) throw new ArgumentNullException(nameof(reader));
            FailoverPlan? plan = null;
            IReadOnlyList<NodeObservation>? observations = null;
            await Poll.UntilAsync(async () =>
            {
                observations = await reader.ReadAsync(table, callTimeout, ct).ConfigureAwait(false);
                plan = FailoverPlanner.Plan(table, observations, request);
                string? passing = Loading(observations) ?? (plan.Refusal?.GetCode() == FailoverRefusalCode.DrainUnprovable ? StillLearning(plan, observations) : null);
                if (passing == null) return true;
                status?.Invoke(passing);
                return false;
            }, GenerationWait, PlanPoll, ct).ConfigureAwait(false);
            return (plan!, observations!);
        }

        private static string? Loading(IReadOnlyList<NodeObservation> observations)
        {
            var loading = observations.Where(o => o.IsLoading).Select(o => o.NodeId).ToList();
            return loading.Count == 0 ? null : $"waiting for {string.Join(", ", loading)} to finish loading a snapshot (-LOADING)";
        }

        private static string? StillLearning(FailoverPlan plan, IReadOnlyList<NodeObservation> observations)
        {
            NodeObservation? target = observations.FirstOrDefault(o => o.NodeId == plan.TargetId);
            return target?.ReplToken != null && target.ReplToken.Shards.Any(s => s.Generation == 0)
                ? $"waiting for {target.NodeId} to learn its primary's replication stream (REPL.TOKEN generation 0 right after a resync)"
                : null;
        }
    }
}
