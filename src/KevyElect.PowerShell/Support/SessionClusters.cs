using KevyElect.Cluster;

namespace KevyElect.PowerShell.Support
{
    /// <summary>The cluster most recently named in this process (e.g. a started lab), for tab completion.</summary>
    public static class SessionClusters
    {
        private static PeerTable? _latest;

        /// <summary>The latest cluster, or null.</summary>
        public static PeerTable? Latest
        {
            get => _latest;
            set => _latest = value;
        }
    }
}
