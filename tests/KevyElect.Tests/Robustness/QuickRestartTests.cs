using KevyElect.Lab;
using KevyElect.Tests.Lab;
using Xunit;

namespace KevyElect.Tests.Robustness;

/// <summary>
/// A supervisor that restarts a crashed primary at once (systemd's Restart=always) brings it back
/// before the replicas have declared it down. The cluster must still end with a writable primary,
/// whether or not the restarted node is the one the best-candidate rule prefers (the lowest id on
/// equal offsets).
/// </summary>
[Collection(LabSocketCollection.Name)]
public class QuickRestartTests
{
    [Theory]
    [Trait("Category", "Soak")]
    [InlineData(100, false)]
    [InlineData(300, false)]
    [InlineData(100, true)]
    [InlineData(300, true)]
    public async Task A_primary_restarted_within_down_after_leaves_a_writable_primary(int restartAfterMs, bool primaryIsNotLowestId)
    {
        using LabCluster lab = await LabCluster.StartAsync(new LabOptions { Nodes = 3, Timings = LabOptions.FastTimings, Seed = 5 });
        LabNode primary = await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(15));
        if (primaryIsNotLowestId)
        {
            // Move the primary off n1 with an ordinary crash election, then bring n1 back as a replica.
            lab.Crash("n1");
            primary = await WaitForPrimaryOtherThanAsync(lab, "n1");
            lab.Restart("n1");
        }
        await Task.Delay(1500);

        lab.Crash(primary.NodeId);
        await Task.Delay(restartAfterMs);
        lab.Restart(primary.NodeId);

        // Ten down_after periods: far beyond a crash election's floor.
        LabNode after = await lab.WaitForPrimaryAsync(TimeSpan.FromMilliseconds(10 * lab.Options.Timings.DownAfterMs));
        Assert.True(after.GetState().IsWritablePrimary);
    }

    private static async Task<LabNode> WaitForPrimaryOtherThanAsync(LabCluster lab, string nodeId)
    {
        await lab.WaitUntilAsync(s => s.Any(n => n.IsWritablePrimary && n.NodeId != nodeId), TimeSpan.FromSeconds(15), "a primary other than " + nodeId);
        return lab.Node(lab.GetState().First(n => n.IsWritablePrimary).NodeId);
    }
}
