using System.Text.Json;
using KevyElect.Lab;
using KevyElect.Tests.Lab.Process;

namespace KevyElect.Tests.Conformance;

/// <summary>
/// Writes a run's results to <c>out/conformance/results.json</c> under the repository: per scenario both observations,
/// each fact's tolerance and verdict. <c>build.ps1 -Task Conformance</c> turns it into <c>docs/dev/conformance.md</c>.
/// </summary>
internal static class ConformanceResults
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "KevyElect.slnx"))) return dir.FullName;
            throw new InvalidOperationException($"no KevyElect.slnx above {AppContext.BaseDirectory}");
        }
    }

    public static string ResultsPath => Path.Combine(RepositoryRoot, "out", "conformance", "results.json");

    /// <summary>Writes the results; <paramref name="loadAverage"/> is the machine's load when the run started, to read its timings against.</summary>
    public static void Write(IReadOnlyList<ScenarioComparison> comparisons, IReadOnlyList<ScenarioObservation> embedded, TimeSpan elapsed, string? loadAverage)
    {
        var server = RealServer.Path == null ? null : KevyServer.Resolve(RealServer.Path);
        var document = new
        {
            generatedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            elapsedSeconds = Math.Round(elapsed.TotalSeconds, 1),
            loadAverage,
            server = server == null ? null : new { version = server.Version, note = "kevy " + server.Version },
            skipped = server == null ? RealServer.SkipReason : null,
            scenarios = ConformanceSuite.All.Select(s =>
            {
                var comparison = comparisons.FirstOrDefault(c => c.Scenario == s);
                var lab = embedded.First(o => o.ScenarioId == s.Id);
                return new
                {
                    id = s.Id,
                    title = s.Title,
                    description = s.Description,
                    verdict = comparison?.Verdict ?? "not compared",
                    server = comparison == null ? null : Side(comparison.Server),
                    embedded = Side(lab),
                    facts = s.Rules.Select(r =>
                    {
                        var fact = comparison?.Facts.First(f => f.Rule == r);
                        return new
                        {
                            name = r.Name,
                            tolerance = r.Tolerance,
                            server = comparison?.Server.Find(r.Name)?.Text,
                            embedded = lab.Find(r.Name)?.Text,
                            verdict = fact?.Verdict ?? "not compared",
                            knownDifference = r.KnownDifference,
                        };
                    }).ToArray(),
                };
            }).ToArray(),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(ResultsPath)!);
        File.WriteAllText(ResultsPath, JsonSerializer.Serialize(document, Indented));
    }

    /// <summary>The one-minute load average (Linux), or null.</summary>
    public static string? ReadLoadAverage()
    {
        try { return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null; }
        catch (IOException) { return null; }
    }

    private static object Side(ScenarioObservation o) => new
    {
        backend = o.Backend == LabBackend.Process ? "process" : "embedded",
        failure = o.Failure,
        elapsedMs = Math.Round(o.Elapsed.TotalMilliseconds),
    };
}
