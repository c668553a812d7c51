using System;

namespace KevyElect.Fleet
{
    /// <summary>A cluster of a fleet cannot be used: its inventory entry is wrong, or its peer table cannot be read.</summary>
    public sealed class FleetClusterException : Exception
    {
        /// <summary>Creates the exception; the message is <c>cluster 'name': reason</c>.</summary>
        public FleetClusterException(string clusterName, string reason, Exception? inner)
            : base($"cluster '{clusterName}': {reason}", inner)
        {
            ClusterName = clusterName;
            Reason = reason;
        }

        /// <summary>The cluster concerned.</summary>
        public string ClusterName { get; }

        /// <summary>What is wrong, without the cluster's name.</summary>
        public string Reason { get; }
    }
}
