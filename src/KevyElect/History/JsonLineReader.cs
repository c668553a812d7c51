using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KevyElect.History
{
    /// <summary>
    /// Reads one JSON object from one line. Members are strings, <see cref="JsonNumber"/>s, booleans, nulls, arrays and
    /// nested objects (kept so fields a later version adds do not make a line unreadable). Anything else is a
    /// <see cref="FormatException"/> saying what and where.
    /// </summary>
    internal sealed class JsonLineReader
    {
        private const int MaxDepth = 16;
        private readonly string _text;
        private int _at;

        private JsonLineReader(string text) => _text = text;

        /// <summary>The object on <paramref name="line"/>; throws <see cref="FormatException"/> when it is not one.</summary>
        public static Dictionary<string, object?> ReadObject(string line)
        {
            var reader = new JsonLineReader(line);
            reader.Space();
            if (reader.Peek() != '{') throw reader.Error("a JSON object must start with '{'");
            var value = (Dictionary<string, object?>)reader.Value(0)!;
            reader.Space();
            if (reader._at < line.Length) throw reader.Error("text after the object");
            return value;
        }

        private object? Value(int depth)
        {
            if (depth > MaxDepth) throw Error($"nested deeper than {MaxDepth}");
            Space();
            char c = Peek();
            switch (c)
            {
                case '{': return Object(depth);
                case '[': return Array(depth);
                case '"': return String();
                case 't': Word("true"); return true;
                case 'f': Word("false"); return false;
                case 'n': Word("null"); return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return Number();
                    throw Error(_at >= _text.Length ? "the line ends inside the object" : $"unexpected '{c}'");
            }
        }

        private Dictionary<string, object?> Object(int depth)
        {
            _at++;
            var members = new Dictionary<string, object?>(StringComparer.Ordinal);
            Space();
            if (Peek() == '}') { _at++; return members; }
            while (true)
            {
                Space();
                if (Peek() != '"') throw Error("expected a member name");
                string name = String();
                Space();
                Expect(':');
                members[name] = Value(depth + 1);
                Space();
                char c = Peek();
                _at++;
                if (c == '}') return members;
                if (c != ',') throw Error(c == '\0' ? "the line ends inside the object" : $"expected ',' or '}}' after member '{name}'", -1);
            }
        }

        private List<object?> Array(int depth)
        {
            _at++;
            var items = new List<object?>();
            Space();
            if (Peek() == ']') { _at++; return items; }
            while (true)
            {
                items.Add(Value(depth + 1));
                Space();
                char c = Peek();
                _at++;
                if (c == ']') return items;
                if (c != ',') throw Error(c == '\0' ? "the line ends inside an array" : "expected ',' or ']' in an array", -1);
            }
        }

        private string String()
        {
            _at++;
            // Most strings hold no escape: take them in one piece.
            int close = _text.IndexOf('"', _at);
            if (close >= 0 && _text.IndexOf('\\', _at, close - _at) < 0 && !HasControl(_at, close))
            {
                string plain = _text.Substring(_at, close - _at);
                _at = close + 1;
                return plain;
            }
            var text = new StringBuilder();
            while (true)
            {
                if (_at >= _text.Length) throw Error("the line ends inside a string");
                char c = _text[_at++];
                if (c == '"') return text.ToString();
                if (c < ' ') throw Error("a control character inside a string", -1);
                if (c != '\\') { text.Append(c); continue; }
                if (_at >= _text.Length) throw Error("the line ends inside a string");
                char e = _text[_at++];
                switch (e)
                {
                    case '"': text.Append('"'); break;
                    case '\\': text.Append('\\'); break;
                    case '/': text.Append('/'); break;
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'u':
                        if (_at + 4 > _text.Length || !ushort.TryParse(_text.Substring(_at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
                            throw Error("a bad \\u escape");
                        text.Append((char)code);
                        _at += 4;
                        break;
                    default: throw Error($"a bad escape '\\{e}'", -1);
                }
            }
        }

        private bool HasControl(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                if (_text[i] < ' ') return true;
            }
            return false;
        }

        private JsonNumber Number()
        {
            int start = _at;
            if (Peek() == '-') _at++;
            int digits = Digits();
            if (digits == 0) throw Error("a number without digits");
            if (Peek() == '.') { _at++; if (Digits() == 0) throw Error("a number without digits after '.'"); }
            if (Peek() == 'e' || Peek() == 'E')
            {
                _at++;
                if (Peek() == '+' || Peek() == '-') _at++;
                if (Digits() == 0) throw Error("a number without an exponent");
            }
            return new JsonNumber(_text.Substring(start, _at - start));
        }

        private int Digits()
        {
            int start = _at;
            while (_at < _text.Length && _text[_at] >= '0' && _text[_at] <= '9') _at++;
            return _at - start;
        }

        private void Word(string word)
        {
            if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0) throw Error($"unexpected '{_text[_at]}'");
            _at += word.Length;
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Error($"expected '{c}'");
            _at++;
        }

        private void Space()
        {
            while (_at < _text.Length && (_text[_at] == ' ' || _text[_at] == '\t' || _text[_at] == '\r' || _text[_at] == '\n')) _at++;
        }

        private char Peek() => _at < _text.Length ? _text[_at] : '\0';

        private FormatException Error(string what, int shift = 0) =>
            new FormatException($"{what} at character {Math.Max(0, _at + shift) + 1}");
    }

    /// <summary>A JSON number as written, converted by whoever knows the type it should have.</summary>
    internal sealed class JsonNumber
    {
        public JsonNumber(string text) => Text = text;

        public string Text { get; }

        public override string ToString() => Text;
    }
}
