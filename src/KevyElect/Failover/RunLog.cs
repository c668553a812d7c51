using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace KevyElect.Failover
{
    /// <summary>Collects the steps of a run with their durations and reports progress.</summary>
    internal sealed class RunLog
    {
        private readonly IProgress<FailoverProgress>? _progress;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _stepStart;

        public RunLog(IProgress<FailoverProgress>? progress) => _progress = progress;

        public List<FailoverStep> Steps { get; } = new List<FailoverStep>();

        public TimeSpan Elapsed => _clock.Elapsed;

        public void Begin(string phase, string status, int percent)
        {
            _stepStart = _clock.Elapsed;
            Report(phase, status, percent);
        }

        public void Report(string phase, string status, int percent) => _progress?.Report(new FailoverProgress(phase, status, percent));

        public FailoverStep End(string name, bool succeeded, string detail)
        {
            var step = new FailoverStep(name, succeeded, _clock.Elapsed - _stepStart, detail);
            Steps.Add(step);
            _progress?.Report(new FailoverProgress(name, (succeeded ? "done: " : "FAILED: ") + detail, -1) { CompletedStep = step });
            return step;
        }
    }
}
