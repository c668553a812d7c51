using KevyElect.Tests.Conformance.Scenarios;

namespace KevyElect.Tests.Conformance;

/// <summary>A run of scenarios on one lab per backend, in order: each starts from what the one before left.</summary>
public sealed record ConformanceTrack(string Name, IReadOnlyList<ConformanceScenario> Scenarios);

/// <summary>
/// Every scenario, and how they share labs: four tracks, each on its own lab per backend, all running at once on
/// distinct ports. A track's scenarios run in order on its lab, each from the steady cluster the one before left
/// (or, for a scenario that says so, from exactly what it left).
/// </summary>
public static class ConformanceSuite
{
    public static readonly ColdStartScenario ColdStart = new();
    public static readonly CrashPrimaryScenario CrashPrimary = new();
    public static readonly RestartOldPrimaryScenario RestartOldPrimary = new();
    public static readonly QuickRestartNotBestScenario QuickRestartNotBest = new();
    public static readonly ReplyShapesScenario ReplyShapes = new();
    public static readonly ForcedTakeoverScenario ForcedTakeover = new();
    public static readonly FailoverRepliesScenario FailoverReplies = new();
    public static readonly BareFailoverChainScenario BareFailoverChain = new();
    public static readonly AnnounceAfterBareFailoverScenario AnnounceAfterBareFailover = new();
    public static readonly BareFailoverUnderLoadScenario BareFailoverUnderLoad = new();
    public static readonly ModuleSwitchoverUnderLoadScenario ModuleSwitchoverUnderLoad = new();
    public static readonly UnknownIdHbScenario UnknownIdHb = new();
    public static readonly QuickRestartBestScenario QuickRestartBest = new();
    public static readonly IsolatedPrimaryScenario IsolatedPrimary = new();
    public static readonly CrashWithReplicaBehindScenario CrashWithReplicaBehind = new();

    public static IReadOnlyList<ConformanceTrack> Tracks { get; } = new[]
    {
        new ConformanceTrack("elections", new ConformanceScenario[] { ColdStart, CrashPrimary, RestartOldPrimary, QuickRestartNotBest }),
        new ConformanceTrack("shapes", new ConformanceScenario[] { ReplyShapes, ForcedTakeover }),
        new ConformanceTrack("switchovers", new ConformanceScenario[] { FailoverReplies, BareFailoverChain, AnnounceAfterBareFailover, BareFailoverUnderLoad, ModuleSwitchoverUnderLoad }),
        new ConformanceTrack("faults", new ConformanceScenario[] { UnknownIdHb, QuickRestartBest, IsolatedPrimary, CrashWithReplicaBehind }),
    };

    /// <summary>Every scenario, in the order the table lists them.</summary>
    public static IReadOnlyList<ConformanceScenario> All { get; } = new ConformanceScenario[]
    {
        ColdStart, CrashPrimary, CrashWithReplicaBehind, RestartOldPrimary, ModuleSwitchoverUnderLoad, BareFailoverUnderLoad, FailoverReplies, BareFailoverChain,
        AnnounceAfterBareFailover, ForcedTakeover, UnknownIdHb, IsolatedPrimary, QuickRestartBest, QuickRestartNotBest, ReplyShapes,
    };

    public static ConformanceScenario Find(string id) => All.FirstOrDefault(s => s.Id == id) ?? throw new ArgumentException($"no scenario '{id}'", nameof(id));
}
