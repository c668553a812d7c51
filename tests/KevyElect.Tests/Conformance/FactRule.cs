using System.Globalization;

namespace KevyElect.Tests.Conformance;

/// <summary>How a fact of the server and the same fact of the embedded lab are compared.</summary>
public sealed class FactRule
{
    private readonly Func<Fact, Fact, bool> _agree;

    private FactRule(string name, string tolerance, Func<Fact, Fact, bool> agree)
    {
        Name = name;
        Tolerance = tolerance;
        _agree = agree;
    }

    /// <summary>The fact compared.</summary>
    public string Name { get; }

    /// <summary>The tolerance, as the table states it.</summary>
    public string Tolerance { get; }

    /// <summary>
    /// Why the lab shows something else and is left so, or null. A rule with a reason does not fail the comparison when the
    /// two differ; the table lists the difference with it.
    /// </summary>
    public string? KnownDifference { get; private init; }

    /// <summary>Equal text on both backends.</summary>
    public static FactRule Same(string name) => new(name, "equal", (a, b) => a.Text == b.Text);

    /// <summary>Equal text once <paramref name="normalize"/> has put what may differ from run to run on both backends alike.</summary>
    public static FactRule SameOnceNormalized(string name, Func<string, string> normalize, string tolerance) =>
        new(name, tolerance, (a, b) => normalize(a.Text) == normalize(b.Text));

    /// <summary>Numbers at most <paramref name="tolerance"/> apart (milliseconds or a count).</summary>
    public static FactRule Within(string name, double tolerance, string unit = "ms") =>
        new(name, "± " + tolerance.ToString("0.#", CultureInfo.InvariantCulture) + (unit.Length == 0 ? "" : " " + unit),
            (a, b) => a.Number is double x && b.Number is double y && Math.Abs(x - y) <= tolerance);

    /// <summary>Both numbers in [<paramref name="low"/>, <paramref name="high"/>]: a count that varies from run to run on each backend.</summary>
    public static FactRule BothIn(string name, double low, double high, string why) =>
        new(name, $"both in {low.ToString(CultureInfo.InvariantCulture)}..{high.ToString(CultureInfo.InvariantCulture)} ({why})",
            (a, b) => a.Number is double x && b.Number is double y && x >= low && x <= high && y >= low && y <= high);

    /// <summary>A fact shown beside the compared ones (the detail behind a compared total), never compared itself.</summary>
    public static FactRule Shown(string name, string why) => new(name, "not compared: " + why, (_, _) => true);

    /// <summary>This rule, with the reason the lab is left showing something else.</summary>
    public FactRule Differs(string reason) => new(Name, Tolerance, _agree) { KnownDifference = reason };

    /// <summary>True when the two facts agree within the tolerance (a fact missing on either side never agrees).</summary>
    public bool Agrees(Fact? server, Fact? embedded) => server != null && embedded != null && _agree(server, embedded);
}
