using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using KevyElect.Fleet;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Finds and reads the fleet inventory that -Cluster names are looked up in: -Inventory, else the $KevyElectInventory
    /// preference variable (a path, or the inventory's hashtable itself), else the KEVYELECT_INVENTORY environment variable,
    /// else <c>KevyElect/inventory.psd1</c> in the user's configuration folder.
    /// </summary>
    internal static class InventoryLocation
    {
        public const string PreferenceVariable = "KevyElectInventory";
        public const string EnvironmentVariable = "KEVYELECT_INVENTORY";

        /// <summary>The default inventory file: <c>~/.config/KevyElect/inventory.psd1</c> on Linux and macOS, <c>%APPDATA%\KevyElect\inventory.psd1</c> on Windows; null without such a folder.</summary>
        public static string? DefaultPath
        {
            get
            {
                string folder = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
                return string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, "KevyElect", "inventory.psd1");
            }
        }

        /// <summary>
        /// Reads the inventory in effect for <paramref name="cmdlet"/>. Throws <see cref="FleetInventoryException"/> naming the
        /// setting and the problem when there is none or it cannot be read.
        /// </summary>
        public static FleetInventory Load(PSCmdlet cmdlet, string? parameter)
        {
            if (parameter != null) return InventoryFile.Read(Full(cmdlet, parameter, "-Inventory"), "-Inventory");
            object? preference = cmdlet.SessionState.PSVariable.GetValue(PreferenceVariable);
            if (preference is PSObject wrapped) preference = wrapped.BaseObject;
            if (preference is IDictionary table) return FleetInventoryParser.Parse(table, "$" + PreferenceVariable, cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            if (preference != null)
            {
                string text = LanguagePrimitives.ConvertTo<string>(preference) ?? string.Empty;
                if (text.Length > 0) return InventoryFile.Read(Full(cmdlet, text, "$" + PreferenceVariable), "$" + PreferenceVariable);
            }
            string? environment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(environment)) return InventoryFile.Read(Full(cmdlet, environment!, "$env:" + EnvironmentVariable), "$env:" + EnvironmentVariable);
            string? fallback = DefaultPath;
            if (fallback == null || !File.Exists(fallback))
                throw new FleetInventoryException(fallback ?? "the default inventory",
                    $"there is no fleet inventory: create this file, or name one with -Inventory, ${PreferenceVariable} or $env:{EnvironmentVariable} "
                    + "(see Get-Help about_KevyElect, section THE FLEET INVENTORY)");
            return InventoryFile.Read(fallback, "the default location");
        }

        /// <summary>The inventory for tab completion: the -Inventory already typed, else the settings above; null when none can be read.</summary>
        public static FleetInventory? TryLoadForCompletion(string? typedInventory, object? preference)
        {
            try
            {
                if (!string.IsNullOrEmpty(typedInventory)) return InventoryFile.Read(Path.GetFullPath(typedInventory!), "-Inventory");
                if (preference is PSObject wrapped) preference = wrapped.BaseObject;
                if (preference is IDictionary table) return FleetInventoryParser.Parse(table, "$" + PreferenceVariable, null);
                if (preference is string text && text.Length > 0) return InventoryFile.Read(Path.GetFullPath(text), "$" + PreferenceVariable);
                string? environment = Environment.GetEnvironmentVariable(EnvironmentVariable);
                if (!string.IsNullOrEmpty(environment)) return InventoryFile.Read(Path.GetFullPath(environment!), "$env:" + EnvironmentVariable);
                string? fallback = DefaultPath;
                return fallback != null && File.Exists(fallback) ? InventoryFile.Read(fallback, "the default location") : null;
            }
            catch (Exception e) when (e is FleetInventoryException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                return null; // a half-written inventory simply offers no completions
            }
        }

        private static string Full(PSCmdlet cmdlet, string path, string source)
        {
            try
            {
                string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (provider.Name != "FileSystem")
                    throw new FleetInventoryException(path, $"{source} is on the {provider.Name} provider; an inventory is a .psd1 file");
                return resolved;
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is NotSupportedException || e is PSArgumentException)
            {
                throw new FleetInventoryException(path, $"{source} is not a usable path: {e.Message}");
            }
        }
    }
}
