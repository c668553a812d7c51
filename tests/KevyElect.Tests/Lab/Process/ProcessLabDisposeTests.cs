using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.Process;

/// <summary>
/// A stopped process lab leaves nothing behind. Alone in its collection: a port it freed must still be closed when
/// checked, which a lab or listener of a test running meanwhile could take.
/// </summary>
[Collection(LabSocketCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait("Category", RealServer.Category)]
public sealed class ProcessLabDisposeTests
{
    [RealServerFact]
    public async Task Dispose_LeavesNoProcessNoFolderAndNoListener()
    {
        var lab = await ProcessLab.StartAsync(RealServer.Options(2));
        var pids = lab.ProcessIds.Values.ToArray();
        var relays = lab.Peers.SelectMany(p => p.AliasPorts).ToArray();
        Assert.Equal(2, pids.Length);
        Assert.NotEmpty(relays);
        Assert.Contains(lab, ElectLab.Running);

        lab.Dispose();

        Assert.DoesNotContain(lab, ElectLab.Running);
        await RealServer.AssertGoneAsync(pids, TimeSpan.FromSeconds(5));
        Assert.False(Directory.Exists(lab.DataDirectory));
        // The nodes' own ports closed with their processes (gone, above), which a lab of another test may bind again at
        // once; the relays are the lab's own listeners in this process and must be closed.
        foreach (int port in relays) await LabTestKit.AssertClosedAsync(port);
    }
}
