using System;
using System.Management.Automation;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// The module's time convention: every time a cmdlet takes is in seconds, a [double] named *Sec. A parameter renamed
    /// to it keeps working under its former name as a hidden parameter in the former unit; naming both is an error.
    /// </summary>
    internal static class TimeParameters
    {
        /// <summary>
        /// The time <paramref name="name"/> stands for: <paramref name="seconds"/>, or the former parameter's value when
        /// only that was bound; a terminating error when both were.
        /// </summary>
        public static TimeSpan Resolve(PSCmdlet cmdlet, string name, double seconds, string formerName, string formerUnit, Func<TimeSpan> former)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            if (!bound.ContainsKey(formerName)) return TimeSpan.FromSeconds(seconds);
            if (bound.ContainsKey(name))
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("FormerTimeParameter",
                    $"-{formerName} ({formerUnit}) is the former name of -{name} (seconds): pass only -{name}.", formerName));
            return former();
        }

        /// <summary><see cref="Resolve"/> for a former parameter in milliseconds.</summary>
        public static TimeSpan FromMs(PSCmdlet cmdlet, string name, double seconds, string formerName, double formerMs) =>
            Resolve(cmdlet, name, seconds, formerName, "milliseconds", () => TimeSpan.FromMilliseconds(formerMs));

        /// <summary>Seconds as whole milliseconds, for the election timings (which count in milliseconds).</summary>
        public static long ToMs(TimeSpan time) => (long)Math.Round(time.TotalMilliseconds);
    }
}
