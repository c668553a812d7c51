using System;
using KevyElect.Cluster;

namespace KevyElect.Failover
{
    /// <summary>The argument checks both failover runners make before touching the cluster.</summary>
    internal static class RunArguments
    {
        /// <summary>Throws when an argument is missing, the plan is of the other kind or the options are invalid.</summary>
        public static void Check(PeerTable table, FailoverPlan plan, FailoverRunOptions options, FailoverKind runnerKind)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (plan is null) throw new ArgumentNullException(nameof(plan));
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (plan.GetKind() != runnerKind)
            {
                throw new ArgumentException(runnerKind == FailoverKind.Planned
                    ? "the plan is a takeover; use TakeoverRunner"
                    : "the plan is a planned switchover; use SwitchoverRunner", nameof(plan));
            }
            options.Validate();
        }
    }
}
