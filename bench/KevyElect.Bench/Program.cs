using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;

namespace KevyElect.Bench
{
    /// <summary>
    /// <c>KevyElect.Bench [--artifacts DIR] [BenchmarkDotNet options]</c> runs the benchmarks;
    /// <c>KevyElect.Bench budget FILE</c> writes the decode allocation budget as JSON.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 4 && args[0] == "fleet-sim")
                return FleetSimulator.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);
            if (args.Length == 2 && args[0] == "budget")
            {
                DecodeBudget.Write(args[1]);
                return 0;
            }

            string artifacts = Path.GetFullPath("BenchmarkDotNet.Artifacts");
            int at = Array.IndexOf(args, "--artifacts");
            if (at >= 0 && at + 1 < args.Length)
            {
                artifacts = Path.GetFullPath(args[at + 1]);
                args = args.Take(at).Concat(args.Skip(at + 2)).ToArray();
            }

            var summaries = BenchmarkSwitcher
                .FromTypes(new[] { typeof(CodecBenchmarks), typeof(RespReplyBenchmarks) })
                .Run(args, BenchConfig.Create(artifacts));
            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        }
    }
}
