using KevyElect.Lab;
using KevyElect.Tests.Lab.Process;
using Xunit;

namespace KevyElect.Tests.Failover;

/// <summary>The planned switchover on real kevy processes: no acknowledged write lost, switchover after switchover.</summary>
[Trait("Category", RealServer.Category)]
public sealed class SwitchoverRealServerTests : IClassFixture<ProcessLabFixture>
{
    private readonly ProcessLabFixture _fixture;

    public SwitchoverRealServerTests(ProcessLabFixture fixture) => _fixture = fixture;

    [RealServerFact]
    public async Task Twenty_switchovers_under_200_writes_a_second_lose_no_acknowledged_write()
    {
        ProcessLab lab = _fixture.Lab;
        var options = LabRun.Options with { QuiesceTimeout = TimeSpan.FromSeconds(10), SettleTimeout = TimeSpan.FromSeconds(15) };
        var series = await SwitchoverSeries.RunAsync(lab, 20, 200, options, TimeSpan.FromSeconds(30));
        Assert.True(series.Acknowledged > 200, $"only {series.Acknowledged} writes were acknowledged");
        Assert.True(series.Lost.Count == 0, $"{series.Lost.Count} acknowledged write(s) lost: {string.Join(", ", series.Lost.Take(10))}");
        Assert.All(series.Results, r => Assert.All(r.Drain!.Shards, s => Assert.True(s.Confirmed, r.Drain.Describe())));
        Assert.True(series.Results[0].Drain!.Shards.Count >= 2, "the real server has a shard per thread: every shard is compared");

        // Leave the shared lab as the fixture promises: steady with n1 writing.
        await SwitchoverSeries.MoveToAsync(lab, "n1", options, TimeSpan.FromSeconds(30));
    }
}
