using System;
using System.Management.Automation;
using KevyElect.Cluster;

namespace KevyElect.PowerShell.Support
{
    /// <summary>Builds the <see cref="ClusterCondition"/> that Wait-KevyElectCluster and Watch-KevyElectCluster -Until* name.</summary>
    internal static class ConditionParameters
    {
        /// <summary>The condition, checked against the cluster; a writable primary that is not a member is a terminating error.</summary>
        public static ClusterCondition Build(PSCmdlet cmdlet, PeerTable table, ClusterVerdict[]? verdicts, string? writablePrimary, bool caughtUp)
        {
            var condition = new ClusterCondition(verdicts, writablePrimary, caughtUp);
            try
            {
                condition.Validate(table);
            }
            catch (ArgumentException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ItemNotFoundException(ex.Message), "KevyElect.UnknownNodeId", ErrorCategory.ObjectNotFound, writablePrimary));
            }
            return condition;
        }
    }
}
