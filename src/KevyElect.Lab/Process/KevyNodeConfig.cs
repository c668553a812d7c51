using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KevyElect.Lab
{
    /// <summary>One process-lab node's kevy.toml: a quorum member whose peers string names the other nodes at the ports it reaches them by.</summary>
    internal static class KevyNodeConfig
    {
        /// <param name="nodeId">The node.</param>
        /// <param name="clientPort">Its client port (replication listens at client + 10000 + shard).</param>
        /// <param name="electPort">Its election listener.</param>
        /// <param name="shards">kevy's <c>threads</c>.</param>
        /// <param name="dataDir">Its AOF, snapshot and elect.meta directory.</param>
        /// <param name="peers">Every member as this node sees it, itself included, in table order: (id, elect port, client port).</param>
        /// <param name="upstreamReplicationPort">A replica's first upstream: the preferred primary's replication port as this node reaches it; null on the preferred primary.</param>
        public static string Render(string nodeId, int clientPort, int electPort, int shards, string dataDir,
            IEnumerable<(string Id, int Elect, int Client)> peers, int? upstreamReplicationPort)
        {
            var text = new StringBuilder();
            text.Append("# Written by the KevyElect process lab; removed with the lab.\n");
            text.Append("[server]\n");
            text.Append("bind = \"127.0.0.1\"\n");
            text.Append("port = ").Append(Number(clientPort)).Append('\n');
            text.Append("threads = ").Append(Number(shards)).Append('\n');
            text.Append("data_dir = ").Append(Quote(dataDir)).Append("\n\n");
            text.Append("[replication]\n");
            if (upstreamReplicationPort is int upstream)
            {
                text.Append("role = \"replica\"\n");
                text.Append("upstream = \"127.0.0.1:").Append(Number(upstream)).Append("\"\n\n");
            }
            else
            {
                text.Append("role = \"primary\"\n\n");
            }
            text.Append("[cluster]\n");
            text.Append("node_id = ").Append(Quote(nodeId)).Append('\n');
            text.Append("elect_port_base = ").Append(Number(electPort)).Append('\n');
            text.Append("peers = \"")
                .Append(string.Join(",", peers.Select(p => $"{p.Id}@127.0.0.1:{Number(p.Elect)}:{Number(p.Client)}")))
                .Append("\"\n");
            return text.ToString();
        }

        private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

        /// <summary>A TOML basic string.</summary>
        private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
