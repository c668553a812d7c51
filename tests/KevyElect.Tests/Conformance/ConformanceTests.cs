using KevyElect.Lab;
using KevyElect.Tests.Lab.Process;
using Xunit;

namespace KevyElect.Tests.Conformance;

/// <summary>
/// The conformance suite: every scenario on the embedded lab (which must show what the scenario expects of any backend),
/// and, with the real server, the two observations compared fact by fact within each scenario's tolerance.
/// </summary>
[Trait("Category", RealServer.Category)]
[Collection(ConformanceCollection.Name)]
public sealed class ConformanceTests
{
    private readonly ConformanceRun _run;

    public ConformanceTests(ConformanceRun run) => _run = run;

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var s in ConformanceSuite.All) data.Add(s.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task TheEmbeddedLabShowsWhatTheScenarioExpects(string scenarioId)
    {
        var scenario = ConformanceSuite.Find(scenarioId);
        var observed = await _run.ObservationAsync(LabBackend.Embedded, scenario);
        Assert.True(observed.Failure == null, observed.ToString());
        scenario.Expect(observed);
    }

    [RealServerTheory]
    [MemberData(nameof(Scenarios))]
    public async Task TheServerShowsWhatTheScenarioExpects(string scenarioId)
    {
        var scenario = ConformanceSuite.Find(scenarioId);
        var observed = await _run.ObservationAsync(LabBackend.Process, scenario);
        Assert.True(observed.Failure == null, observed.ToString());
        scenario.Expect(observed);
    }

    [RealServerTheory]
    [MemberData(nameof(Scenarios))]
    public async Task TheEmbeddedLabAgreesWithTheServer(string scenarioId)
    {
        var scenario = ConformanceSuite.Find(scenarioId);
        var comparison = new ScenarioComparison(scenario,
            await _run.ObservationAsync(LabBackend.Process, scenario), await _run.ObservationAsync(LabBackend.Embedded, scenario));
        Assert.True(comparison.Passes, $"{scenario.Id}: {comparison.Problems()}{Environment.NewLine}server: {comparison.Server.Describe()}{Environment.NewLine}embedded: {comparison.Embedded.Describe()}");
    }
}
