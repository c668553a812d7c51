using System.Globalization;
using KevyElect.Lab;

namespace KevyElect.Tests.Conformance;

/// <summary>One thing an operator can observe in a scenario: a name, its value as text, and the number behind it when it is one.</summary>
public sealed record Fact(string Name, string Text, double? Number = null);

/// <summary>What one scenario showed on one backend: its facts in the order they were observed, or why it could not run.</summary>
public sealed class ScenarioObservation
{
    private readonly List<Fact> _facts = new();

    public ScenarioObservation(string scenarioId, LabBackend backend)
    {
        ScenarioId = scenarioId;
        Backend = backend;
    }

    public string ScenarioId { get; }

    public LabBackend Backend { get; }

    public IReadOnlyList<Fact> Facts => _facts;

    /// <summary>Why the scenario did not complete (its exception), or null.</summary>
    public string? Failure { get; set; }

    /// <summary>How long the scenario ran.</summary>
    public TimeSpan Elapsed { get; set; }

    public ScenarioObservation Add(string name, string text)
    {
        if (_facts.Any(f => f.Name == name)) throw new InvalidOperationException($"fact '{name}' recorded twice in {ScenarioId}");
        _facts.Add(new Fact(name, text));
        return this;
    }

    public ScenarioObservation Add(string name, bool value) => Add(name, value ? "yes" : "no");

    /// <summary>A count or a duration in milliseconds.</summary>
    public ScenarioObservation Add(string name, double number)
    {
        if (_facts.Any(f => f.Name == name)) throw new InvalidOperationException($"fact '{name}' recorded twice in {ScenarioId}");
        _facts.Add(new Fact(name, number.ToString("0.#", CultureInfo.InvariantCulture), number));
        return this;
    }

    public Fact? Find(string name) => _facts.FirstOrDefault(f => f.Name == name);

    /// <summary>The fact's text; fails naming the facts there are when it was not recorded.</summary>
    public string Text(string name) => (Find(name) ?? throw Missing(name)).Text;

    /// <summary>The fact's number; fails when it was not recorded or is not a number.</summary>
    public double Number(string name) => (Find(name) ?? throw Missing(name)).Number ?? throw new InvalidOperationException($"{ScenarioId}/{name} is '{Text(name)}', not a number");

    /// <summary>The facts as one line, for messages and the table.</summary>
    public string Describe() => Failure != null ? "did not complete: " + Failure : string.Join("; ", _facts.Select(f => f.Name + " " + f.Text));

    public override string ToString() => $"{ScenarioId} on {Backend}: {Describe()}";

    private InvalidOperationException Missing(string name) =>
        new InvalidOperationException($"{ScenarioId} on {Backend} recorded no '{name}' (it has: {string.Join(", ", _facts.Select(f => f.Name))})"
            + (Failure == null ? "" : "; it did not complete: " + Failure));
}
