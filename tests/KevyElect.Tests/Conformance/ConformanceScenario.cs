using KevyElect.Lab;

namespace KevyElect.Tests.Conformance;

/// <summary>
/// One scenario of the conformance suite, written once against <see cref="ElectLab"/> and run on both backends: it
/// drives the lab as an operator would and returns what an operator can observe. <see cref="Rules"/> say how the
/// server's observation and the embedded lab's are compared; <see cref="Expect"/> asserts what must hold on either.
/// </summary>
public abstract class ConformanceScenario
{
    /// <summary>A stable id (kebab-case), the key of the results file.</summary>
    public abstract string Id { get; }

    /// <summary>The scenario in a few words, as the table names it.</summary>
    public abstract string Title { get; }

    /// <summary>What the scenario does, in one or two sentences for the table.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// True (the default) when the scenario starts from a steady lab: one writable primary that every running node follows
    /// on both planes. False for one that starts from what the scenario before it left (or from a fresh lab).
    /// </summary>
    public virtual bool StartsSteady => true;

    /// <summary>How each compared fact is compared.</summary>
    public abstract IReadOnlyList<FactRule> Rules { get; }

    /// <summary>Drives <paramref name="lab"/> (steady, unless the scenario opens its track) and records what it shows.</summary>
    public abstract Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct);

    /// <summary>Asserts what the scenario must show on any backend (xunit asserts).</summary>
    public abstract void Expect(ScenarioObservation o);

    /// <summary>Runs the scenario on <paramref name="lab"/> and returns its observation (an exception becomes its <see cref="ScenarioObservation.Failure"/>).</summary>
    public async Task<ScenarioObservation> RunAsync(ElectLab lab, CancellationToken ct)
    {
        var observed = new ScenarioObservation(Id, lab.GetBackend());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await RunAsync(lab, observed, ct);
        }
        catch (Exception e)
        {
            observed.Failure = e.GetType().Name + ": " + e.Message;
        }
        observed.Elapsed = clock.Elapsed;
        return observed;
    }

    public override string ToString() => Id;
}
