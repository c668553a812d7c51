using System.Buffers;
using BenchmarkDotNet.Attributes;
using KevyElect.Protocol;

namespace KevyElect.Bench
{
    /// <summary>Encode into a caller's buffer (span and buffer writer) and decode, per verb.</summary>
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

        /// <summary>Encode into a span the caller owns.</summary>
        [Benchmark]
        public int EncodeSpan() => ElectCodec.Encode(_message, _buffer);

        /// <summary>Encode into a reused buffer writer.</summary>
        [Benchmark]
        public int EncodeBufferWriter()
        {
            _writer.ResetWrittenCount();
            ElectCodec.Encode(_message, _writer);
            return _writer.WrittenCount;
        }

        /// <summary>Decode one complete frame.</summary>
        [Benchmark]
        public ElectMessage? Decode() => ElectCodec.Decode(_frame).Message;
    }
}
