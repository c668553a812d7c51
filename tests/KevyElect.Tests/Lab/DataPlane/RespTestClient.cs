using Xunit;
using System.Net.Sockets;
using System.Text;
using KevyElect.Protocol;

namespace KevyElect.Tests.Lab.DataPlane;

/// <summary>A minimal RESP client for the tests: sends commands and returns exact reply bytes.</summary>
internal sealed class RespTestClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private byte[] _pending = Array.Empty<byte>();

    private RespTestClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RespTestClient> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        using var cts = new CancellationTokenSource(DefaultTimeout);
        await client.ConnectAsync("127.0.0.1", port, cts.Token);
        return new RespTestClient(client);
    }

    /// <summary>Sends a command; returns the reply's exact bytes.</summary>
    public async Task<byte[]> RawAsync(params string[] args)
    {
        await SendRawAsync(RespWriter.Command(args));
        return await ReadReplyBytesAsync(DefaultTimeout);
    }

    /// <summary>Sends a command; returns the parsed reply.</summary>
    public async Task<RespValue> CallAsync(params string[] args) => Parse(await RawAsync(args));

    /// <summary>Sends a command; returns the reply as text (status, error with its dash, bulk payload).</summary>
    public async Task<string> TextAsync(params string[] args)
    {
        var reply = await CallAsync(args);
        return reply.IsError ? "-" + reply.Text : reply.Text ?? reply.ToString();
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(DefaultTimeout);
        await _stream.WriteAsync(bytes, cts.Token);
    }

    /// <summary>Reads one whole reply, failing after <paramref name="timeout"/>.</summary>
    public async Task<byte[]> ReadReplyBytesAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        while (true)
        {
            var status = RespReader.TryReadReply(_pending, out _, out int consumed);
            if (status == RespReadStatus.Complete)
            {
                var reply = _pending[..consumed];
                _pending = _pending[consumed..];
                return reply;
            }
            if (status == RespReadStatus.Malformed) throw new InvalidDataException("malformed reply: " + Encoding.UTF8.GetString(_pending));
            int read = await _stream.ReadAsync(buffer, cts.Token);
            if (read == 0) throw new EndOfStreamException("the server closed the connection");
            _pending = [.. _pending, .. buffer.AsSpan(0, read)];
        }
    }

    /// <summary>True when the server closes the connection within <paramref name="timeout"/> (after any pending bytes).</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                int read = await _stream.ReadAsync(buffer, cts.Token);
                if (read == 0) return true;
            }
        }
        catch (OperationCanceledException) { return false; }
        catch (IOException) { return true; }
    }

    public static RespValue Parse(byte[] bytes)
    {
        Assert.Equal(RespReadStatus.Complete, RespReader.TryReadReply(bytes, out var value, out int consumed));
        Assert.Equal(bytes.Length, consumed);
        return value!;
    }

    public void Dispose() => _client.Dispose();
}
