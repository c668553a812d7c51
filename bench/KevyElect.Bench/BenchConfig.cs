using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace KevyElect.Bench
{
    /// <summary>
    /// A short, in-process job: the whole suite has to fit in a few minutes on two cores, so it trades
    /// BenchmarkDotNet's default precision (many launches, long iterations) for one launch and twenty
    /// quarter-second iterations. Figures are good to a few percent on a quiet machine; on a busy one the
    /// fastest of the twenty iterations is the steadiest figure, which is what the ratios compare. Twelve
    /// iterations were too few on a shared two-core host: a baseline that met one quiet quarter-second and
    /// a new codec that met none moved a ratio by a third from one run to the next.
    /// </summary>
    internal static class BenchConfig
    {
        public static IConfig Create(string artifactsPath)
        {
            Job job = Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(20)
                .WithIterationTime(TimeInterval.FromMilliseconds(250))
                .WithId("Short");

            return ManualConfig.CreateEmpty()
                .AddJob(job)
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumnProvider(DefaultColumnProviders.Instance)
                .AddLogger(ConsoleLogger.Default)
                .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default, JsonExporter.Brief)
                .WithArtifactsPath(artifactsPath)
                .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        }
    }
}
