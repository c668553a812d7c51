using System;
using System.Management.Automation;

namespace KevyElect.PowerShell.Support
{
    /// <summary>Builds the module's ErrorRecords so ids and categories stay consistent.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord InvalidArgument(string id, string message, object? target) =>
            new ErrorRecord(new ArgumentException(message), "KevyElect." + id, ErrorCategory.InvalidArgument, target);

        public static ErrorRecord InvalidData(string id, string message, object? target) =>
            new ErrorRecord(new System.IO.InvalidDataException(message), "KevyElect." + id, ErrorCategory.InvalidData, target);

        public static ErrorRecord From(Exception exception, string id, ErrorCategory category, object? target) =>
            new ErrorRecord(exception, "KevyElect." + id, category, target);
    }
}
