using System;

namespace KevyElect.HelpGen
{
    /// <summary>A markdown help file does not follow the schema; names the file and the section at fault.</summary>
    internal sealed class DocFormatException : Exception
    {
        public DocFormatException(string file, string section, string problem)
            : base($"{file}: {section}: {problem}")
        {
            File = file;
            Section = section;
        }

        public string File { get; }
        public string Section { get; }
    }
}
