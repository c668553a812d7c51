using System.Net.Sockets;

namespace KevyElect.Tests.Lab;

/// <summary>A bare TCP client on an elect port that reports whether the node wrote back, stayed silent or closed.</summary>
internal sealed class RawElectClient : IDisposable
{
    public enum Outcome { Silent, ClosedSilently, Answered }

    private readonly TcpClient _client;

    private RawElectClient(TcpClient client) => _client = client;

    public static async Task<RawElectClient> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        return new RawElectClient(client);
    }

    public Task SendAsync(byte[] bytes) => _client.GetStream().WriteAsync(bytes).AsTask();

    /// <summary>Waits up to <paramref name="wait"/> for bytes or a close.</summary>
    public async Task<Outcome> ReadAsync(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        var buffer = new byte[64];
        try
        {
            int read = await _client.GetStream().ReadAsync(buffer, cts.Token);
            return read == 0 ? Outcome.ClosedSilently : Outcome.Answered;
        }
        catch (OperationCanceledException)
        {
            return Outcome.Silent;
        }
        catch (IOException)
        {
            return Outcome.ClosedSilently; // a reset is a close without an answer too
        }
    }

    public void Dispose() => _client.Dispose();
}
