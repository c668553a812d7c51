using KevyElect.Election;
using KevyElect.Lab;
using Xunit;
using static KevyElect.Tests.Lab.LabTestKit;

namespace KevyElect.Tests.Lab;

/// <summary>The lab's timing presets (Start-KevyElectLab -Fast and the timing parameters) and its node lookup.</summary>
[Collection(LabSocketCollection.Name)]
public sealed class LabOptionsTests
{
    [Fact]
    public void The_fast_preset_is_the_documented_one_and_the_default_is_the_reference()
    {
        Assert.Equal(new ElectionTimings { HbIntervalMs = 50, DownAfterMs = 600, ElectionTimeoutMs = 500, BackoffBaseMs = 100, BackoffJitterMaxMs = 300 },
            LabOptions.ComposeTimings(fast: true));
        Assert.Equal(ElectionTimings.Reference, LabOptions.ComposeTimings(fast: false));
    }

    [Fact]
    public void A_given_timing_replaces_only_its_own_in_the_preset()
    {
        ElectionTimings t = LabOptions.ComposeTimings(fast: true, downAfterMs: 1500);
        Assert.Equal(LabOptions.FastTimings with { DownAfterMs = 1500 }, t);
        ElectionTimings r = LabOptions.ComposeTimings(fast: false, hbIntervalMs: 40, backoffJitterMaxMs: 0);
        Assert.Equal(ElectionTimings.Reference with { HbIntervalMs = 40, BackoffJitterMaxMs = 0 }, r);
    }

    [Fact]
    public Task A_node_is_found_by_its_exact_id_and_an_unknown_one_is_described_with_the_labs_ids() =>
        RunAsync(FastOptions(2), lab =>
        {
            Assert.Equal(lab.Peers.Find("n2"), lab.FindNode("n2"));
            Assert.Null(lab.FindNode("N2"));
            Assert.Null(lab.FindNode("n9"));
            Assert.Equal("node 'n9' is not in this lab (nodes: n1, n2)", lab.DescribeUnknownNode("n9"));
            var ex = Assert.Throws<ArgumentException>(() => lab.Node("n9"));
            Assert.StartsWith(lab.DescribeUnknownNode("n9"), ex.Message);
            return Task.CompletedTask;
        });
}
