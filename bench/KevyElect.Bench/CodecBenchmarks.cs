using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KevyElect.Protocol;
using Baseline = KevyElect.Bench.Baseline;

namespace KevyElect.Bench
{
    /// <summary>
    /// Encode into a caller's buffer (span and buffer writer) and decode, per verb: the product's codec
    /// next to the baseline copy of the previous one (<see cref="Baseline.ElectCodec"/>), in the same run.
    /// </summary>
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
    [CategoriesColumn]
    public class CodecBenchmarks
    {
        private readonly byte[] _buffer = new byte[256];
        private readonly ArrayBufferWriter<byte> _writer = new ArrayBufferWriter<byte>(256);
        private ElectMessage _message = null!;
        private byte[] _frame = null!;

        /// <summary>The verb under test.</summary>
        [ParamsSource(nameof(AllVerbs))]
        public string Verb { get; set; } = "HB";

        /// <summary>Every verb of the protocol.</summary>
        public static string[] AllVerbs => SampleMessages.Verbs;

        /// <summary>Builds the message and its frame once.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _message = SampleMessages.For(Verb);
            _frame = ElectCodec.Encode(_message);
        }

        /// <summary>Baseline: encode into a span the caller owns.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("EncodeSpan")]
        public int EncodeSpanBaseline() => Baseline.ElectCodec.Encode(_message, _buffer);

        /// <summary>Encode into a span the caller owns.</summary>
        [Benchmark, BenchmarkCategory("EncodeSpan")]
        public int EncodeSpan() => ElectCodec.Encode(_message, _buffer);

        /// <summary>Baseline: encode into a reused buffer writer.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("EncodeBufferWriter")]
        public int EncodeBufferWriterBaseline()
        {
            _writer.ResetWrittenCount();
            Baseline.ElectCodec.Encode(_message, _writer);
            return _writer.WrittenCount;
        }

        /// <summary>Encode into a reused buffer writer.</summary>
        [Benchmark, BenchmarkCategory("EncodeBufferWriter")]
        public int EncodeBufferWriter()
        {
            _writer.ResetWrittenCount();
            ElectCodec.Encode(_message, _writer);
            return _writer.WrittenCount;
        }

        /// <summary>Baseline: decode one complete frame.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("Decode")]
        public ElectMessage? DecodeBaseline() => Baseline.ElectCodec.Decode(_frame).Message;

        /// <summary>Decode one complete frame.</summary>
        [Benchmark, BenchmarkCategory("Decode")]
        public ElectMessage? Decode() => ElectCodec.Decode(_frame).Message;
    }
}
