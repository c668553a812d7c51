using System.Diagnostics;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.Process;

/// <summary>
/// The real kevy server the process-lab tests run: the binary named by the environment variable
/// <c>KEVY_SERVER</c>. Without it those tests are skipped with a reason that names the setting.
/// </summary>
internal static class RealServer
{
    public const string Setting = "KEVY_SERVER";

    /// <summary>
    /// The trait of the classes that time real kevy processes (and the conformance suite, which times both backends):
    /// build.ps1 runs them after everything else, on a machine no other test loads, because a kevy node starved of the
    /// processor misses heartbeats and fails over, which is not what they test.
    /// </summary>
    public const string Category = "RealServer";

    public static string? Path
    {
        get
        {
            string? path = Environment.GetEnvironmentVariable(Setting);
            return !string.IsNullOrWhiteSpace(path) && File.Exists(path) ? path : null;
        }
    }

    public static string? SkipReason
    {
        get
        {
            string? path = Environment.GetEnvironmentVariable(Setting);
            if (string.IsNullOrWhiteSpace(path)) return $"needs the real kevy server: set {Setting} to a kevy 5.x binary";
            return File.Exists(path) ? null : $"needs the real kevy server: {Setting} names '{path}', which does not exist";
        }
    }

    public static ProcessLabOptions Options(int nodes = 3) => new() { Server = Path ?? "", Nodes = nodes };

    /// <summary>True while a process with this id exists (a zombie counts as gone).</summary>
    public static bool IsAlive(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        if (File.Exists(stat))
        {
            try { return ProcessState(pid) != 'Z'; }
            catch (IOException) { return false; }
        }
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
    }

    /// <summary>The state letter of /proc/&lt;pid&gt;/stat: R, S, T (stopped), Z...</summary>
    public static char ProcessState(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }

    /// <summary>Waits (bounded) until none of <paramref name="pids"/> runs; fails naming the ones left.</summary>
    public static Task AssertGoneAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        int[] left = Array.Empty<int>();
        return Eventually.HoldsAsync(() => (left = pids.Where(IsAlive).ToArray()).Length == 0, timeout,
            () => $"kevy process(es) {string.Join(", ", left)} still running {timeout.TotalSeconds:0} s later", TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="timeout"/>.</summary>
    public static Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        Eventually.HoldsAsync(condition, timeout, what, TimeSpan.FromMilliseconds(50));
}

/// <summary>A fact that needs the real kevy server: skipped, with the reason naming KEVY_SERVER, without one.</summary>
public sealed class RealServerFactAttribute : FactAttribute
{
    public RealServerFactAttribute()
    {
        if (RealServer.SkipReason is string reason) Skip = reason;
    }
}

/// <summary>A theory that needs the real kevy server: skipped, with the reason naming KEVY_SERVER, without one.</summary>
public sealed class RealServerTheoryAttribute : TheoryAttribute
{
    public RealServerTheoryAttribute()
    {
        if (RealServer.SkipReason is string reason) Skip = reason;
    }
}
