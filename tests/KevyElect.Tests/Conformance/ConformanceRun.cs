using System.Collections.Concurrent;
using System.Diagnostics;
using KevyElect.Lab;
using KevyElect.Tests.Lab;
using KevyElect.Tests.Lab.Process;
using Xunit;

namespace KevyElect.Tests.Conformance;

// Alone: its tracks already run at once, and they time elections on both backends.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConformanceCollection : ICollectionFixture<ConformanceRun>
{
    public const string Name = "Conformance";
}

/// <summary>
/// Runs every track of <see cref="ConformanceSuite"/> once per backend, all at once, each on its own lab: the embedded
/// lab always, with the reference timings, and real kevy processes when <c>KEVY_SERVER</c> names a server. Tests await
/// the observations they compare. Once everything has run, the results go to <c>out/conformance/results.json</c>;
/// disposing checks that every lab left nothing behind (no listener, process or folder).
/// </summary>
public sealed class ConformanceRun : IAsyncLifetime
{
    /// <summary>The longest a scenario may take before it is cancelled.</summary>
    public static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan SteadyTimeout = TimeSpan.FromSeconds(40);

    private readonly ConcurrentDictionary<(LabBackend, string), TaskCompletionSource<ScenarioObservation>> _observations = new();
    private readonly ConcurrentQueue<string> _leftBehind = new();
    private readonly Stopwatch _clock = new();
    private Task _all = Task.CompletedTask;
    private string? _loadAtStart;

    /// <summary>The backends this run covers: the embedded lab, and the process lab when the real server is there.</summary>
    public IReadOnlyList<LabBackend> Backends { get; } = RealServer.Path == null ? new[] { LabBackend.Embedded } : new[] { LabBackend.Embedded, LabBackend.Process };

    public Task InitializeAsync()
    {
        foreach (var backend in Backends)
            foreach (var scenario in ConformanceSuite.All)
                _observations[(backend, scenario.Id)] = new TaskCompletionSource<ScenarioObservation>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loadAtStart = ConformanceResults.ReadLoadAverage();
        _clock.Start();
        _all = Task.WhenAll(Backends.SelectMany(b => ConformanceSuite.Tracks.Select(t => Task.Run(() => RunTrackAsync(b, t)))));
        return Task.CompletedTask;
    }

    /// <summary>What <paramref name="scenario"/> showed on <paramref name="backend"/>, once it has run.</summary>
    public Task<ScenarioObservation> ObservationAsync(LabBackend backend, ConformanceScenario scenario) =>
        _observations.TryGetValue((backend, scenario.Id), out var tcs) ? tcs.Task
            : throw new InvalidOperationException($"this run does not cover {backend} ({RealServer.SkipReason})");

    public async Task DisposeAsync()
    {
        await _all;
        var comparisons = new List<ScenarioComparison>();
        var embedded = new List<ScenarioObservation>();
        foreach (var scenario in ConformanceSuite.All)
        {
            var lab = await ObservationAsync(LabBackend.Embedded, scenario);
            embedded.Add(lab);
            if (Backends.Contains(LabBackend.Process)) comparisons.Add(new ScenarioComparison(scenario, await ObservationAsync(LabBackend.Process, scenario), lab));
        }
        ConformanceResults.Write(comparisons, embedded, _clock.Elapsed, _loadAtStart);
        Assert.True(_leftBehind.IsEmpty, "labs left something behind: " + string.Join("; ", _leftBehind));
    }

    private async Task RunTrackAsync(LabBackend backend, ConformanceTrack track)
    {
        ElectLab? lab = null;
        try
        {
            lab = await StartAsync(backend);
            foreach (var scenario in track.Scenarios)
            {
                var tcs = _observations[(backend, scenario.Id)];
                if (scenario.StartsSteady)
                {
                    try { await lab.WaitForSteadyPrimaryAsync(SteadyTimeout); }
                    catch (TimeoutException e)
                    {
                        tcs.TrySetResult(new ScenarioObservation(scenario.Id, backend) { Failure = $"the lab was not steady before it ({track.Name} track): {e.Message}" });
                        continue;
                    }
                }
                using var timeout = new CancellationTokenSource(ScenarioTimeout);
                tcs.TrySetResult(await scenario.RunAsync(lab, timeout.Token));
            }
        }
        catch (Exception e)
        {
            foreach (var scenario in track.Scenarios)
                _observations[(backend, scenario.Id)].TrySetResult(new ScenarioObservation(scenario.Id, backend) { Failure = $"the {track.Name} track's lab failed: {e.Message}" });
        }
        finally
        {
            if (lab != null) await StopAsync(lab, track);
        }
    }

    private static async Task<ElectLab> StartAsync(LabBackend backend) => backend == LabBackend.Embedded
        // The reference timings (heartbeat 200 ms, down after 5 s, election timeout 3 s), so the timings compare.
        ? await LabCluster.StartAsync(new LabOptions { Nodes = 3 })
        : await ProcessLab.StartAsync(RealServer.Options(3));

    /// <summary>Stops the lab and checks that nothing of it is left: no kevy process, no listener, no folder.</summary>
    private async Task StopAsync(ElectLab lab, ConformanceTrack track)
    {
        string what = $"{track.Name} track's {lab.Backend} lab";
        int[] pids = lab is ProcessLab process ? process.ProcessIds.Values.ToArray() : Array.Empty<int>();
        int[] ports = lab is LabCluster ? lab.Peers.SelectMany(p => new[] { p.ClientPort, p.ElectPort }).ToArray() : Array.Empty<int>();
        try
        {
            await lab.DisposeAsync();
        }
        catch (AggregateException e)
        {
            _leftBehind.Enqueue($"{what} did not stop cleanly: {e.Message}");
        }
        var clock = Stopwatch.StartNew();
        while (pids.Any(RealServer.IsAlive) && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
        foreach (int pid in pids.Where(RealServer.IsAlive)) _leftBehind.Enqueue($"{what}: kevy process {pid} still runs");
        foreach (int port in ports)
        {
            try { await LabTestKit.AssertClosedAsync(port); }
            catch (Xunit.Sdk.XunitException) { _leftBehind.Enqueue($"{what}: port {port} still accepts connections"); }
        }
        if (Directory.Exists(lab.DataDirectory)) _leftBehind.Enqueue($"{what}: its folder {lab.DataDirectory} is still there");
    }
}
