using System.Diagnostics;
using KevyElect.Lab;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Tests.Conformance;

/// <summary>
/// SETs sent back to back to some nodes, each on its own connection, to catch the moments a node that should refuse
/// writes takes one (a replica between dropping one upstream and following the next). Records every accepted key.
/// </summary>
internal sealed class WriteHammer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string NodeId, string Key)> _accepted = new();
    private readonly Task[] _loops;
    private long _attempts;

    public WriteHammer(ElectLab lab, string prefix, params string[] nodeIds)
    {
        _loops = nodeIds.Select(id => Task.Run(() => LoopAsync(lab, prefix, id, _stop.Token))).ToArray();
    }

    /// <summary>Writes sent so far.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>The writes some node accepted, in order.</summary>
    public IReadOnlyList<(string NodeId, string Key)> Accepted
    {
        get { lock (_accepted) return _accepted.ToArray(); }
    }

    /// <summary>Stops every loop and waits for it.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested) _stop.Cancel();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync(ElectLab lab, string prefix, string nodeId, CancellationToken stop)
    {
        var peer = LabProbe.Peer(lab, nodeId);
        KevyConnection? c = null;
        long n = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    c ??= await KevyConnection.ConnectAsync(peer.Host, peer.ClientPort, LabProbe.Call, stop);
                    string key = $"{prefix}:{nodeId}:{++n}";
                    Interlocked.Increment(ref _attempts);
                    RespValue reply = await c.ExecuteAsync(LabProbe.Call, stop, "SET", key, "stray");
                    if (!reply.IsError)
                    {
                        lock (_accepted) _accepted.Add((nodeId, key));
                    }
                }
                catch (KevyNetException)
                {
                    c?.Dispose();
                    c = null;
                    await Task.Delay(5, stop);
                }
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            c?.Dispose();
        }
    }
}
