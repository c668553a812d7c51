using System.Net;
using System.Net.Sockets;
using System.Text;
using KevyElect.Protocol;

namespace KevyElect.Tests.Net;

/// <summary>A loopback TCP server on an ephemeral port running one handler per accepted connection.</summary>
internal sealed class TinyServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _accepted = new();
    private readonly List<Task> _handlers = new();
    private readonly Task _acceptLoop;

    public TinyServer(Func<Socket, CancellationToken, Task> handler)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
                catch (Exception) { return; }
                socket.NoDelay = true;
                lock (_accepted)
                {
                    _accepted.Add(socket);
                    _handlers.Add(Task.Run(async () =>
                    {
                        try { await handler(socket, _stop.Token); }
                        catch (Exception) { /* the client went away or the test ended */ }
                    }));
                }
            }
        });
    }

    public int Port { get; }

    public int Accepted { get { lock (_accepted) return _accepted.Count; } }

    /// <summary>Answers each command with <paramref name="respond"/>'s bytes.</summary>
    public static TinyServer Replying(Func<string[], byte[]> respond) => new(async (socket, ct) =>
    {
        var pending = new List<byte>();
        while (true)
        {
            string[]? command = await ReadCommandAsync(socket, pending, ct);
            if (command is null) return;
            await socket.SendAsync(respond(command), SocketFlags.None, ct);
        }
    });

    /// <summary>Accepts and then never reads or answers.</summary>
    public static TinyServer Blackhole() => new(async (_, ct) => await Task.Delay(Timeout.Infinite, ct));

    /// <summary>Reads one command (RESP multi-bulk) or null at end of stream.</summary>
    public static async Task<string[]?> ReadCommandAsync(Socket socket, List<byte> pending, CancellationToken ct)
    {
        var chunk = new byte[4096];
        while (true)
        {
            byte[] bytes = pending.ToArray();
            RespReadStatus status = RespReader.TryReadCommand(bytes, out IReadOnlyList<byte[]>? args, out int consumed);
            if (status == RespReadStatus.Complete)
            {
                pending.RemoveRange(0, consumed);
                return args!.Select(a => Encoding.UTF8.GetString(a)).ToArray();
            }
            if (status == RespReadStatus.Malformed) throw new InvalidDataException("client sent a malformed command");
            int n = await socket.ReceiveAsync(chunk, SocketFlags.None, ct);
            if (n == 0) return null;
            pending.AddRange(chunk.AsSpan(0, n).ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] handlers;
        lock (_accepted)
        {
            foreach (Socket s in _accepted) s.Dispose();
            handlers = _handlers.ToArray();
        }
        await Task.WhenAll(handlers.Append(_acceptLoop)).WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on: bind one, then release it.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
