using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KevyElect.DataPlane;
using KevyElect.Protocol;
using Baseline = KevyElect.Bench.Baseline;

namespace KevyElect.Bench
{
    /// <summary>
    /// Real ROLE and INFO replication replies, from the bytes a connection reads to the typed view
    /// (the RESP read and the parse, as a probe runs them): the product next to the baseline copy of
    /// the previous reader and parsers, in the same run.
    /// </summary>
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
    [CategoriesColumn]
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

        /// <summary>Baseline: ROLE reply bytes to a RoleReply.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("ParseRole")]
        public Baseline.RoleReply ParseRoleBaseline()
        {
            Baseline.RespReader.TryReadReply(_role, out Baseline.RespValue? value, out _);
            return Baseline.RoleReply.Parse(value!);
        }

        /// <summary>ROLE reply bytes to <see cref="RoleReply"/>.</summary>
        [Benchmark, BenchmarkCategory("ParseRole")]
        public RoleReply ParseRole()
        {
            RespReader.TryReadReply(_role, out RespValue? value, out _);
            return RoleReply.Parse(value!);
        }

        /// <summary>Baseline: INFO replication reply bytes to a ReplicationInfo.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("ParseInfo")]
        public Baseline.ReplicationInfo ParseInfoBaseline()
        {
            Baseline.RespReader.TryReadReply(_info, out Baseline.RespValue? value, out _);
            return Baseline.ReplicationInfo.Parse(value!);
        }

        /// <summary>INFO replication reply bytes to <see cref="ReplicationInfo"/>.</summary>
        [Benchmark, BenchmarkCategory("ParseInfo")]
        public ReplicationInfo ParseInfo()
        {
            RespReader.TryReadReply(_info, out RespValue? value, out _);
            return ReplicationInfo.Parse(value!);
        }
    }
}
