using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KevyElect.History
{
    /// <summary>
    /// Writes one JSON object on one line: string, number and string-array members, nulls left out. Hand-written so
    /// the core ships no JSON library that could clash with the one the PowerShell host already loaded.
    /// </summary>
    internal sealed class JsonLineWriter
    {
        private readonly StringBuilder _text = new StringBuilder(512);
        private bool _first = true;

        public JsonLineWriter() => _text.Append('{');

        public JsonLineWriter String(string name, string? value)
        {
            if (value == null) return this;
            Name(name);
            Quote(value);
            return this;
        }

        public JsonLineWriter Number(string name, long? value) =>
            value is long v ? Raw(name, v.ToString(CultureInfo.InvariantCulture)) : this;

        public JsonLineWriter Number(string name, ulong? value) =>
            value is ulong v ? Raw(name, v.ToString(CultureInfo.InvariantCulture)) : this;

        public JsonLineWriter Number(string name, double? value) =>
            value is double v && !double.IsNaN(v) && !double.IsInfinity(v) ? Raw(name, v.ToString("R", CultureInfo.InvariantCulture)) : this;

        public JsonLineWriter Strings(string name, IReadOnlyList<string> values)
        {
            if (values.Count == 0) return this;
            Name(name);
            _text.Append('[');
            for (int i = 0; i < values.Count; i++)
            {
                if (i > 0) _text.Append(',');
                Quote(values[i] ?? string.Empty);
            }
            _text.Append(']');
            return this;
        }

        /// <summary>The object, closed, with the line feed that ends it.</summary>
        public string Line() => _text.ToString() + "}\n";

        private JsonLineWriter Raw(string name, string literal)
        {
            Name(name);
            _text.Append(literal);
            return this;
        }

        private void Name(string name)
        {
            if (!_first) _text.Append(',');
            _first = false;
            Quote(name);
            _text.Append(':');
        }

        private void Quote(string value)
        {
            _text.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': _text.Append("\\\""); break;
                    case '\\': _text.Append("\\\\"); break;
                    case '\n': _text.Append("\\n"); break;
                    case '\r': _text.Append("\\r"); break;
                    case '\t': _text.Append("\\t"); break;
                    default:
                        // Control characters, and the two separators some JSON-lines readers take for line ends.
                        if (c < ' ' || c == '\u2028' || c == '\u2029') _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else _text.Append(c);
                        break;
                }
            }
            _text.Append('"');
        }
    }
}
