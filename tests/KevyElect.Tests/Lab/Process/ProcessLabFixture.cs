using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.Process;

/// <summary>
/// One three-node process lab shared by the tests of a class (a cold start takes about 5 s: the real
/// server's timings are fixed). Each test leaves it steady with n1 writing. Disposing checks that no
/// kevy process and no folder outlive it. Without the real server it starts nothing.
/// </summary>
public sealed class ProcessLabFixture : IAsyncLifetime
{
    public static readonly TimeSpan Election = TimeSpan.FromSeconds(30);

    private ProcessLab? _lab;

    public ProcessLab Lab => _lab ?? throw new InvalidOperationException(RealServer.SkipReason);

    public async Task InitializeAsync()
    {
        if (RealServer.Path == null) return;
        _lab = await ProcessLab.StartAsync(RealServer.Options(3));
        await _lab.WaitForSteadyPrimaryAsync(Election);
    }

    public async Task DisposeAsync()
    {
        if (_lab == null) return;
        var pids = _lab.ProcessIds.Values.ToArray();
        string folder = _lab.DataDirectory;
        await _lab.DisposeAsync();
        await RealServer.AssertGoneAsync(pids, TimeSpan.FromSeconds(10));
        Assert.False(Directory.Exists(folder), $"the lab's folder {folder} outlived it");
    }
}
