using System;

namespace KevyElect.Lab
{
    /// <summary>How to build a process lab: which kevy server, how many nodes, how many shards each.</summary>
    public sealed class ProcessLabOptions
    {
        /// <summary>Most nodes a process lab runs.</summary>
        public const int MaxNodes = 7;

        /// <summary>Most shards per node.</summary>
        public const int MaxShards = 4;

        /// <summary>The kevy server: a path to the binary, or a bare name looked up on PATH (<c>kevy</c>).</summary>
        public string Server { get; set; } = string.Empty;

        /// <summary>Number of nodes, 1 to 7 (default 3). Ids are n1..nN; n1 is the preferred primary.</summary>
        public int Nodes { get; set; } = 3;

        /// <summary>Shards (kevy's <c>threads</c>) per node, 1 to 4 (default 2); each has its own replication port.</summary>
        public int Shards { get; set; } = 2;

        /// <summary>How long one node may take from its start to answering on its client and elect ports (default 20 s).</summary>
        public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>Called with (node id, client port, elect port) each time ports are picked for a node, before it binds them (a test's way to take one).</summary>
        internal Action<string, int, int>? PortsPicked { get; set; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option that cannot work.</summary>
        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(Server)) throw new ArgumentException("name the kevy server binary (a path, or a name on PATH such as 'kevy')", nameof(Server));
            if (Nodes < 1 || Nodes > MaxNodes)
                throw new ArgumentException($"a process lab has 1 to {MaxNodes} nodes, not {Nodes}", nameof(Nodes));
            if (Shards < 1 || Shards > MaxShards)
                throw new ArgumentException($"a process lab node has 1 to {MaxShards} shards, not {Shards}", nameof(Shards));
            if (StartTimeout <= TimeSpan.Zero) throw new ArgumentException($"StartTimeout {StartTimeout} is not positive", nameof(StartTimeout));
        }
    }
}
