using System;
using System.Collections;
using System.IO;
using System.Management.Automation.Language;
using KevyElect.Fleet;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Reads an inventory .psd1 as data, as Import-PowerShellDataFile does: one hashtable of constants, never run as a script.
    /// </summary>
    internal static class InventoryFile
    {
        /// <summary>The inventory at <paramref name="path"/>; <paramref name="source"/> names the setting that chose it.</summary>
        /// <exception cref="FleetInventoryException">The file is missing, unreadable, not PowerShell data, or not an inventory.</exception>
        public static FleetInventory Read(string path, string source)
        {
            if (Directory.Exists(path)) throw new FleetInventoryException(path, $"{source} names a folder: name the inventory .psd1 file in it");
            if (!File.Exists(path)) throw new FleetInventoryException(path, $"{source}: the inventory file does not exist");
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new FleetInventoryException(path, "cannot be read: " + e.Message);
            }
            ScriptBlockAst ast = Parser.ParseInput(text, path, out _, out ParseError[] errors);
            if (errors.Length > 0)
                throw new FleetInventoryException(path, $"line {errors[0].Extent.StartLineNumber}: {errors[0].Message}");
            HashtableAst? table = TheHashtable(ast);
            if (table == null)
                throw new FleetInventoryException(path, "an inventory is one hashtable: @{ Clusters = @{ <name> = @{ Peers = '...' } } }");
            object? value;
            try
            {
                value = table.SafeGetValue();
            }
            catch (InvalidOperationException e)
            {
                throw new FleetInventoryException(path, "an inventory holds only constants (strings, arrays, hashtables), no variables or commands: " + e.Message);
            }
            if (!(value is IDictionary data)) throw new FleetInventoryException(path, "an inventory is one hashtable");
            return FleetInventoryParser.Parse(data, path, Path.GetDirectoryName(path));
        }

        /// <summary>The file's one statement when it is a bare hashtable, else null.</summary>
        private static HashtableAst? TheHashtable(ScriptBlockAst ast)
        {
            if (ast.ParamBlock != null || ast.BeginBlock != null || ast.ProcessBlock != null || ast.EndBlock == null) return null;
            if (ast.EndBlock.Statements.Count != 1 || !(ast.EndBlock.Statements[0] is PipelineAst pipeline) || pipeline.PipelineElements.Count != 1) return null;
            return pipeline.PipelineElements[0] is CommandExpressionAst expression ? expression.Expression as HashtableAst : null;
        }
    }
}
