using System.Net;
using System.Net.Sockets;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.Process;

/// <summary>The relays a process lab places between nodes: bytes both ways, and cuts that close and refuse connections.</summary>
public sealed class LoopbackRelayTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly TcpListener _target = new(IPAddress.Loopback, 0);
    private readonly LabConnectivity _cuts = new(new[] { "a", "b" });
    private readonly LoopbackRelay _relay;

    public LoopbackRelayTests()
    {
        _target.Start();
        int port = ((IPEndPoint)_target.LocalEndpoint).Port;
        _relay = new LoopbackRelay("a", "b", () => port, () => _cuts.CanReach("a", "b") && _cuts.CanReach("b", "a"));
        _relay.Start(0);
    }

    public void Dispose()
    {
        _relay.Stop();
        _target.Stop();
    }

    [Fact]
    public void A_relay_on_a_port_taken_meanwhile_fails_as_the_mesh_retries_on_other_ports()
    {
        // The mesh picks a port, then binds it; another process can take it in between. What the relay throws then must
        // be what the mesh treats as "taken, try others", or a lab start fails instead of retrying.
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen(1);
        int taken = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        var late = new LoopbackRelay("a", "b", () => taken, () => true);

        var e = Assert.ThrowsAny<Exception>(() => late.Start(taken));

        Assert.True(RelayMesh.IsPortTaken(e), $"{e.GetType().Name}: {e.Message}");
        late.Stop();
    }

    [Fact]
    public async Task CarriesBytesBothWays()
    {
        var (dialer, accepted) = await ConnectAsync();
        using var _ = dialer;
        using var __ = accepted;
        await dialer.GetStream().WriteAsync("ping"u8.ToArray());
        Assert.Equal("ping", await ReadAsync(accepted, 4));
        await accepted.GetStream().WriteAsync("pong"u8.ToArray());
        Assert.Equal("pong", await ReadAsync(dialer, 4));
    }

    [Fact]
    public async Task ACut_ClosesWhatItCarries_AndRefusesNewConnections_UntilHealed()
    {
        var (dialer, accepted) = await ConnectAsync();
        _cuts.Isolate("a");
        _relay.Cut();
        Assert.Equal(0, await ReadCountAsync(dialer));
        Assert.Equal(0, await ReadCountAsync(accepted));

        await AssertClosedAtOnceAsync(_relay.Port);
        Assert.False(_target.Pending(), "a connection reached the target across the cut");

        _cuts.HealAll();
        var (again, reached) = await ConnectAsync();
        await again.GetStream().WriteAsync("back"u8.ToArray());
        Assert.Equal("back", await ReadAsync(reached, 4));
        foreach (var c in new[] { dialer, accepted, again, reached }) c.Dispose();
    }

    [Fact]
    public async Task ATargetThatIsDown_ClosesTheDialersConnection()
    {
        _target.Stop();
        await AssertClosedAtOnceAsync(_relay.Port);
    }

    /// <summary>The relay accepts and closes at once (with a reset: the connect itself may already see it).</summary>
    private static async Task AssertClosedAtOnceAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return;
        }
        Assert.Equal(0, await ReadCountAsync(client));
    }

    private async Task<(TcpClient Dialer, TcpClient Accepted)> ConnectAsync()
    {
        var dialer = new TcpClient();
        await dialer.ConnectAsync(IPAddress.Loopback, _relay.Port);
        using var cts = new CancellationTokenSource(Patience);
        var accepted = await _target.AcceptTcpClientAsync(cts.Token);
        return (dialer, accepted);
    }

    private static async Task<string> ReadAsync(TcpClient client, int count)
    {
        var buffer = new byte[count];
        using var cts = new CancellationTokenSource(Patience);
        await client.GetStream().ReadExactlyAsync(buffer, cts.Token);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    /// <summary>Bytes read before the peer closed (0 once it closed); an error reset counts as closed too.</summary>
    private static async Task<int> ReadCountAsync(TcpClient client)
    {
        using var cts = new CancellationTokenSource(Patience);
        try
        {
            return await client.GetStream().ReadAsync(new byte[16], cts.Token);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
