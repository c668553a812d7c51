using System;
using System.Management.Automation;
using KevyElect.History;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Where the history journal is: -JournalPath, else the $KevyElectJournalPath preference variable, else the
    /// KEVYELECT_JOURNAL_PATH environment variable, else the user's data folder. An empty -JournalPath or
    /// $KevyElectJournalPath (or $KevyElectJournalPath = $false) switches the journal off.
    /// </summary>
    internal static class JournalLocation
    {
        public const string PreferenceVariable = "KevyElectJournalPath";
        public const string EnvironmentVariable = "KEVYELECT_JOURNAL_PATH";

        /// <summary>
        /// The journal's full file path, or null when it is switched off; <paramref name="source"/> names the setting that
        /// decided. Throws <see cref="ArgumentException"/> naming the setting when its path is not a file-system path.
        /// </summary>
        public static string? Resolve(PSCmdlet cmdlet, string? parameter, out string source)
        {
            if (parameter != null)
            {
                source = "-JournalPath";
                return parameter.Length == 0 ? null : FileSystemPath(cmdlet, parameter, source);
            }
            object? preference = cmdlet.SessionState.PSVariable.GetValue(PreferenceVariable);
            if (preference is PSObject wrapped) preference = wrapped.BaseObject;
            if (preference != null)
            {
                source = "$" + PreferenceVariable;
                if (preference is bool on) return on ? Default() : null;
                string text = LanguagePrimitives.ConvertTo<string>(preference) ?? string.Empty;
                return text.Length == 0 ? null : FileSystemPath(cmdlet, text, source);
            }
            string? environment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(environment))
            {
                source = "$env:" + EnvironmentVariable;
                return FileSystemPath(cmdlet, environment!, source);
            }
            source = "the default location";
            return Default();
        }

        private static string Default() => HistoryJournal.DefaultPath ?? throw new ArgumentException(
            $"this account has no local application data folder for the journal; name one with -JournalPath or ${PreferenceVariable}");

        private static string FileSystemPath(PSCmdlet cmdlet, string path, string source)
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is DriveNotFoundException || e is ProviderNotFoundException || e is NotSupportedException || e is PSArgumentException)
            {
                throw new ArgumentException($"{source} '{path}' is not a usable path: {e.Message}", e);
            }
            if (provider.Name != "FileSystem")
                throw new ArgumentException($"{source} '{path}' is on the {provider.Name} provider; the journal is a file, so name a file-system path.");
            return resolved;
        }
    }
}
