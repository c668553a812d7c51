using System.Net;
using System.Net.Sockets;
using System.Text;
using KevyElect.Tests.Net;

namespace KevyElect.Tests.Robustness;

/// <summary>Loopback endpoints that misbehave in one named way each, for the fault catalogue.</summary>
internal static class FaultServers
{
    /// <summary>The reply a healthy replica gives to each query.</summary>
    public static byte[] GoodReply(string command) => Encoding.ASCII.GetBytes(command switch
    {
        "PING" => "+PONG\r\n",
        "ROLE" => "*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:17204\r\n$9\r\nconnected\r\n:3\r\n",
        "INFO replication" => "$211\r\n# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:27004\r\nmaster_link_status:up\r\n" +
            "master_last_io_seconds_ago:0\r\nmaster_sync_in_progress:0\r\nslave_read_only:1\r\nslave_repl_offset:2\r\nslave_lag_frames:0\r\n\r\n\r\n",
        _ => throw new ArgumentException($"no good reply for '{command}'", nameof(command)),
    });

    /// <summary>Reads the command, then runs <paramref name="afterCommand"/> with it.</summary>
    public static TinyServer AfterCommand(Func<Socket, string, CancellationToken, Task> afterCommand) => new(async (socket, ct) =>
    {
        string[]? command = await TinyServer.ReadCommandAsync(socket, new List<byte>(), ct);
        if (command is null) return;
        await afterCommand(socket, string.Join(" ", command), ct);
        await Task.Delay(Timeout.Infinite, ct);
    });

    /// <summary>Accepts and never answers.</summary>
    public static TinyServer SilentAfterAccept() => TinyServer.Blackhole();

    /// <summary>Sends half the good reply, then resets the connection.</summary>
    public static TinyServer ResetMidReply() => new(async (socket, ct) =>
    {
        string[]? command = await TinyServer.ReadCommandAsync(socket, new List<byte>(), ct);
        if (command is null) return;
        byte[] reply = GoodReply(string.Join(" ", command));
        await socket.SendAsync(reply.AsMemory(0, reply.Length / 2), SocketFlags.None, ct);
        await Task.Delay(50, ct);
        socket.LingerState = new LingerOption(true, 0); // close with RST
        socket.Close();
    });

    /// <summary>Reads the command and closes without a word.</summary>
    public static TinyServer CloseBeforeReply() => new(async (socket, ct) =>
    {
        await TinyServer.ReadCommandAsync(socket, new List<byte>(), ct);
        socket.Shutdown(SocketShutdown.Both);
        socket.Close();
    });

    /// <summary>Sends the good reply one byte at a time, <paramref name="gap"/> apart.</summary>
    public static TinyServer Drip(TimeSpan gap) => AfterCommand(async (socket, command, ct) =>
    {
        foreach (byte b in GoodReply(command))
        {
            await socket.SendAsync(new[] { b }, SocketFlags.None, ct);
            await Task.Delay(gap, ct);
        }
    });

    /// <summary>Answers a bulk header claiming <paramref name="claimed"/> bytes, then streams up to <paramref name="streamed"/> of them.</summary>
    public static TinyServer Oversize(long claimed, int streamed) => AfterCommand(async (socket, _, ct) =>
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes($"${claimed}\r\n"), SocketFlags.None, ct);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'z');
        for (int sent = 0; sent < streamed; sent += chunk.Length)
            await socket.SendAsync(chunk, SocketFlags.None, ct);
    });

    /// <summary>Answers <paramref name="garbage"/> instead of RESP.</summary>
    public static TinyServer Garbage(byte[] garbage) => TinyServer.Replying(_ => garbage);
}

/// <summary>
/// A listening port whose accept queue is full and never drained: the kernel drops further SYNs, so a
/// connect hangs exactly like one to a blackholed host.
/// </summary>
internal sealed class BlackholedPort : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _fillers = new();

    public BlackholedPort()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        for (int i = 0; i < 16; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _fillers.Add(filler);
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try { filler.ConnectAsync(IPAddress.Loopback, Port, attempt.Token).AsTask().Wait(); }
            catch (AggregateException) { IsBlackholed = true; break; }
        }
    }

    public int Port { get; }

    /// <summary>False if the kernel kept accepting connections (then tests relying on a hanging connect cannot run).</summary>
    public bool IsBlackholed { get; }

    public void Dispose()
    {
        foreach (Socket s in _fillers) s.Dispose();
        _listener.Dispose();
    }
}
