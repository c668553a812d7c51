using System.Diagnostics;
using System.Net.Sockets;
using KevyElect.Net;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Net;

public class ElectSenderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    /// <summary>An elect-port stand-in: reads everything, answers nothing, completes at end of stream.</summary>
    private sealed class SilentReader : IAsyncDisposable
    {
        private readonly TaskCompletionSource<byte[]> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TinyServer Server;

        public SilentReader()
        {
            Server = new TinyServer(async (socket, ct) =>
            {
                var all = new List<byte>();
                var chunk = new byte[1024];
                int n;
                while ((n = await socket.ReceiveAsync(chunk, SocketFlags.None, ct)) > 0) all.AddRange(chunk.AsSpan(0, n).ToArray());
                _received.TrySetResult(all.ToArray());
            });
        }

        public Task<byte[]> Received => _received.Task.WaitAsync(Bound);

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    [Fact(Timeout = 10000)]
    public async Task SendOnce_delivers_exactly_the_encoded_frames()
    {
        await using var reader = new SilentReader();
        var messages = new ElectMessage[]
        {
            new AnnounceMessage(1000000, "n3", "127.0.0.1:17024"),
            new HbMessage(7, "n1", ElectRole.Replica, 42),
        };
        byte[] expected = messages.SelectMany(ElectCodec.Encode).ToArray();

        int written = await ElectSender.SendOnceAsync("127.0.0.1", reader.Server.Port, messages, Generous, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, await reader.Received);
    }

    [Fact(Timeout = 10000)]
    public async Task A_sender_can_write_several_times_on_one_connection()
    {
        await using var reader = new SilentReader();
        var hb = new HbMessage(1, "n2", ElectRole.Primary, 0);
        byte[] one = ElectCodec.Encode(hb);

        using (ElectSender sender = await ElectSender.ConnectAsync("127.0.0.1", reader.Server.Port, Generous, CancellationToken.None).WaitAsync(Bound))
        {
            Assert.Equal(one.Length, await sender.SendAsync(hb, Generous, CancellationToken.None).WaitAsync(Bound));
            Assert.Equal(one.Length, await sender.SendAsync(hb, Generous, CancellationToken.None).WaitAsync(Bound));
            sender.Close();
        }

        Assert.Equal(one.Concat(one).ToArray(), await reader.Received);
        Assert.Equal(1, reader.Server.Accepted);
    }

    [Fact(Timeout = 10000)]
    public async Task Write_times_out_when_the_node_stops_reading()
    {
        await using var server = TinyServer.Blackhole();
        using ElectSender sender = await ElectSender.ConnectAsync("127.0.0.1", server.Port, Generous, CancellationToken.None);
        byte[] flood = new byte[64 * 1024 * 1024]; // more than loopback socket buffers hold
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<KevyNetException>(() =>
            sender.SendBytesAsync(flood, TimeSpan.FromMilliseconds(400), CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(KevyNetErrorKind.Timeout, e.Kind);
        Assert.Contains("write not accepted within 400 ms", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact(Timeout = 10000)]
    public async Task Connect_to_a_closed_port_is_refused()
    {
        int port = TinyServer.FreePort();
        var e = await Assert.ThrowsAsync<KevyNetException>(() =>
            ElectSender.SendOnceAsync("127.0.0.1", port, new[] { new HbMessage(1, "x", ElectRole.Replica, 0) }, Generous, CancellationToken.None).WaitAsync(Bound));
        Assert.Equal(KevyNetErrorKind.ConnectRefused, e.Kind);
    }

    [Fact(Timeout = 10000)]
    public async Task Probe_reports_reachable_with_latency()
    {
        await using var server = TinyServer.Blackhole();

        ElectProbeResult result = await ElectSender.ProbeAsync("127.0.0.1", server.Port, Generous, CancellationToken.None).WaitAsync(Bound);

        Assert.True(result.Reachable);
        Assert.InRange(result.Latency, TimeSpan.Zero, Generous);
        Assert.Null(result.FailureKind);
        Assert.Equal($"127.0.0.1:{server.Port}", result.Endpoint);
    }

    [Fact(Timeout = 10000)]
    public async Task Probe_reports_a_refused_port_without_throwing()
    {
        int port = TinyServer.FreePort();

        ElectProbeResult result = await ElectSender.ProbeAsync("127.0.0.1", port, Generous, CancellationToken.None).WaitAsync(Bound);

        Assert.False(result.Reachable);
        Assert.Equal(KevyNetErrorKind.ConnectRefused, result.FailureKind);
        Assert.Contains("connection refused", result.Error);
    }

    [Fact(Timeout = 10000)]
    public async Task Probe_honours_cancellation()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ElectSender.ProbeAsync("127.0.0.1", 1, Generous, new CancellationToken(true)).WaitAsync(Bound));
    }
}
