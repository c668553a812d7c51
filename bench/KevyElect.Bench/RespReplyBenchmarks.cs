using BenchmarkDotNet.Attributes;
using KevyElect.DataPlane;
using KevyElect.Protocol;

namespace KevyElect.Bench
{
    /// <summary>Reading real ROLE and INFO replication replies: the RESP value alone, and on to the typed view.</summary>
    public class RespReplyBenchmarks
    {
        private byte[] _role = null!;
        private byte[] _info = null!;

        /// <summary>Whose replies: the primary's (lists its replicas) or a replica's.</summary>
        [Params("primary", "replica")]
        public string Node { get; set; } = "primary";

        /// <summary>Loads the recorded replies.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _role = ReplyVectors.SteadyState(Node, "ROLE");
            _info = ReplyVectors.SteadyState(Node, "INFO replication");
        }

        /// <summary>RESP parse of the ROLE reply.</summary>
        [Benchmark]
        public RespValue? ReadRole() => Read(_role);

        /// <summary>RESP parse of the INFO replication reply.</summary>
        [Benchmark]
        public RespValue? ReadInfo() => Read(_info);

        /// <summary>ROLE reply to <see cref="RoleReply"/>.</summary>
        [Benchmark]
        public RoleReply ParseRole() => RoleReply.Parse(Read(_role)!);

        /// <summary>INFO replication reply to <see cref="ReplicationInfo"/>.</summary>
        [Benchmark]
        public ReplicationInfo ParseInfo() => ReplicationInfo.Parse(Read(_info)!);

        private static RespValue? Read(byte[] reply)
        {
            RespReader.TryReadReply(reply, out RespValue? value, out _);
            return value;
        }
    }
}
