using System.Buffers;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

public class ElectCodecAllocationTests
{
    private static readonly ElectMessage[] Messages =
    [
        new HbMessage(ulong.MaxValue, "nœud-東京-🚀", ElectRole.Candidate, 12345),
        new OfferMessage(7, "replica-1", ulong.MaxValue),
        new AcceptMessage(0, ""),
        new AnnounceMessage(3, "primary-east", "[::1]:17024"),
    ];

    [Fact]
    public void EncodeIntoSpanAllocatesNothing()
    {
        Span<byte> buffer = stackalloc byte[256];
        int total = EncodeAll(buffer, 100); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        total += EncodeAll(buffer, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    [Fact]
    public void EncodeIntoBufferWriterAllocatesNothing()
    {
        var writer = new ArrayBufferWriter<byte>(4096);
        void Run(int rounds)
        {
            for (int i = 0; i < rounds; i++)
            {
                foreach (ElectMessage m in Messages) ElectCodec.Encode(m, writer);
                writer.ResetWrittenCount();
            }
        }

        Run(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void GetEncodedLengthAllocatesNothing()
    {
        int Run(int rounds)
        {
            int sum = 0;
            for (int i = 0; i < rounds; i++) foreach (ElectMessage m in Messages) sum += ElectCodec.GetEncodedLength(m);
            return sum;
        }

        Run(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = Run(1000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000 * Messages.Sum(m => ElectCodec.Encode(m).Length), total);
    }

    [Fact]
    public void FailedDecodesAllocateNothing()
    {
        byte[][] inputs =
        [
            Wire.Frame("HB", "1", "n1", "leader", "0"),
            Wire.Frame("HB", "x", "n1", "primary", "0"),
            Wire.Frame("PING"),
            Wire.Bytes("*5\r\n$2\r\nHB\r\n$1\r\n1"),
            Wire.Bytes("*1\r\n+OK\r\n"),
        ];
        foreach (byte[] input in inputs) ElectCodec.Decode(input);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) foreach (byte[] input in inputs) Assert.False(ElectCodec.Decode(input).IsSuccess);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static int EncodeAll(Span<byte> buffer, int rounds)
    {
        int total = 0;
        for (int i = 0; i < rounds; i++)
        {
            foreach (ElectMessage m in Messages) total += ElectCodec.Encode(m, buffer);
        }
        return total;
    }
}
