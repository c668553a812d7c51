using System;

namespace KevyElect.Cluster
{
    /// <summary>The parts of a node's kevy.toml that the election depends on.</summary>
    public sealed class KevyConfig
    {
        /// <summary>Creates a configuration; <paramref name="nodeId"/> must be in <paramref name="peers"/>.</summary>
        public KevyConfig(string nodeId, PeerTable peers, int electPortBase, int? serverPort, string? sourcePath)
        {
            NodeId = nodeId ?? throw new ArgumentNullException(nameof(nodeId));
            Peers = peers ?? throw new ArgumentNullException(nameof(peers));
            if (peers.Find(nodeId) is null)
                throw new ArgumentException($"node id '{nodeId}' is not in the peer table ({peers})", nameof(nodeId));
            if (electPortBase < 0 || electPortBase > 65535)
                throw new ArgumentOutOfRangeException(nameof(electPortBase), electPortBase, "elect_port_base must be 0 (client port + 200) or a port");
            ElectPortBase = electPortBase;
            ServerPort = serverPort;
            SourcePath = sourcePath;
        }

        /// <summary><c>[cluster] node_id</c>: this node's id.</summary>
        public string NodeId { get; }

        /// <summary><c>[cluster] peers</c>: the static membership, identical on every node.</summary>
        public PeerTable Peers { get; }

        /// <summary><c>[cluster] elect_port_base</c>; 0 means client port + 200.</summary>
        public int ElectPortBase { get; }

        /// <summary><c>[server] port</c>: the client port, or null when the file does not set it.</summary>
        public int? ServerPort { get; }

        /// <summary>The file the configuration was read from, or null when parsed from text.</summary>
        public string? SourcePath { get; }

        /// <summary>This node's own peer entry.</summary>
        public PeerSpec Self => Peers.Find(NodeId)!;

        /// <summary>
        /// The port this node's election listener binds: <see cref="ElectPortBase"/> when set, else the
        /// client port (<see cref="ServerPort"/>, or this node's peer entry) + 200.
        /// </summary>
        public int EffectiveElectPort => ElectPortBase != 0 ? ElectPortBase : (ServerPort ?? Self.ClientPort) + 200;
    }
}
