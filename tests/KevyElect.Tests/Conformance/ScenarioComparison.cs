namespace KevyElect.Tests.Conformance;

/// <summary>One fact of a scenario on both backends, with its rule and whether they agree.</summary>
public sealed record FactComparison(FactRule Rule, Fact? Server, Fact? Embedded, bool Agrees)
{
    /// <summary>agree, differs (a difference the lab is left with, for the reason its rule gives) or DIFFERS (unexplained).</summary>
    public string Verdict => Agrees ? "agree" : Rule.KnownDifference != null ? "differs" : "DIFFERS";
}

/// <summary>The server's observation of a scenario against the embedded lab's, fact by fact, by the scenario's rules.</summary>
public sealed class ScenarioComparison
{
    public ScenarioComparison(ConformanceScenario scenario, ScenarioObservation server, ScenarioObservation embedded)
    {
        Scenario = scenario;
        Server = server;
        Embedded = embedded;
        Facts = scenario.Rules.Select(r => new FactComparison(r, server.Find(r.Name), embedded.Find(r.Name), r.Agrees(server.Find(r.Name), embedded.Find(r.Name)))).ToArray();
        var ruled = new HashSet<string>(scenario.Rules.Select(r => r.Name), StringComparer.Ordinal);
        Unruled = server.Facts.Concat(embedded.Facts).Select(f => f.Name).Where(n => !ruled.Contains(n)).Distinct().ToArray();
    }

    public ConformanceScenario Scenario { get; }

    public ScenarioObservation Server { get; }

    public ScenarioObservation Embedded { get; }

    public IReadOnlyList<FactComparison> Facts { get; }

    /// <summary>Facts recorded without a rule: a scenario must say how it compares everything it records.</summary>
    public IReadOnlyList<string> Unruled { get; }

    /// <summary>True when every fact agrees, or differs for a stated reason, and both sides completed.</summary>
    public bool Passes => Server.Failure == null && Embedded.Failure == null && Unruled.Count == 0 && Facts.All(f => f.Agrees || f.Rule.KnownDifference != null);

    /// <summary>agree, differs (only stated differences), or fails.</summary>
    public string Verdict => !Passes ? "fails" : Facts.All(f => f.Agrees) ? "agree" : "differs";

    /// <summary>What does not agree, one line each, for an assertion message.</summary>
    public string Problems() => string.Join(Environment.NewLine, new[]
        {
            Server.Failure == null ? null : "on the server it did not complete: " + Server.Failure,
            Embedded.Failure == null ? null : "on the embedded lab it did not complete: " + Embedded.Failure,
            Unruled.Count == 0 ? null : "recorded without a rule: " + string.Join(", ", Unruled),
        }
        .Concat(Facts.Where(f => !f.Agrees).Select(f =>
            $"{f.Rule.Name}: server '{f.Server?.Text ?? "(none)"}', embedded '{f.Embedded?.Text ?? "(none)"}' ({f.Rule.Tolerance})"
            + (f.Rule.KnownDifference == null ? "" : " known: " + f.Rule.KnownDifference)))
        .Where(l => l != null));
}
