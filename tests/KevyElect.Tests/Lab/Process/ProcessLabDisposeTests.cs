using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.Process;

/// <summary>
/// A stopped process lab leaves nothing behind. Alone in its collection: a port it freed must still be closed when
/// checked, which a lab or listener of a test running meanwhile could take.
/// </summary>
[Collection(LabSocketCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProcessLabDisposeTests
{
    [RealServerFact]
    public async Task Dispose_LeavesNoProcessNoFolderAndNoListener()
    {
        var lab = await ProcessLab.StartAsync(RealServer.Options(2));
        var pids = lab.ProcessIds.Values.ToArray();
        var ports = lab.Peers.SelectMany(p => new[] { p.ClientPort, p.ElectPort }.Concat(p.AliasPorts)).ToArray();
        Assert.Equal(2, pids.Length);
        Assert.Contains(lab, ElectLab.Running);

        lab.Dispose();

        Assert.DoesNotContain(lab, ElectLab.Running);
        await RealServer.AssertGoneAsync(pids, TimeSpan.FromSeconds(5));
        Assert.False(Directory.Exists(lab.DataDirectory));
        foreach (int port in ports) await LabTestKit.AssertClosedAsync(port);
    }
}
