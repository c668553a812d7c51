// Baseline: a verbatim copy of src/KevyElect/Protocol/RespCommand.cs as of commit 2b585fe, changed only in
// namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
{
    /// <summary>
    /// One command found by <see cref="RespCommandParser"/>: a view over the frame's bytes that yields
    /// each argument as a slice of the input, without copying or allocating.
    /// </summary>
    internal readonly ref struct RespCommand
    {
        private readonly ReadOnlySpan<byte> _frame;
        private readonly int _argsStart;
        private readonly int _argsEnd;

        internal RespCommand(ReadOnlySpan<byte> frame, bool isInline, int argsStart, int argsEnd, int count)
        {
            _frame = frame;
            IsInline = isInline;
            _argsStart = argsStart;
            _argsEnd = argsEnd;
            Count = count;
        }

        /// <summary>Number of arguments (never 0 for a parsed command).</summary>
        public int Count { get; }

        /// <summary>True for an inline (whitespace-separated) command line.</summary>
        public bool IsInline { get; }

        /// <summary>Walks the arguments in order.</summary>
        public Enumerator GetEnumerator() => new Enumerator(_frame.Slice(_argsStart, _argsEnd - _argsStart), IsInline, Count);

        /// <summary>Yields each argument as a slice of the frame. The frame was validated by the parser.</summary>
        internal ref struct Enumerator
        {
            private readonly ReadOnlySpan<byte> _args;
            private readonly bool _inline;
            private int _remaining;
            private int _pos;

            internal Enumerator(ReadOnlySpan<byte> args, bool isInline, int count)
            {
                _args = args;
                _inline = isInline;
                _remaining = count;
                _pos = 0;
                Current = default;
            }

            /// <summary>The current argument.</summary>
            public ReadOnlySpan<byte> Current { get; private set; }

            /// <summary>Advances to the next argument.</summary>
            public bool MoveNext()
            {
                if (_remaining == 0) return false;
                _remaining--;
                if (_inline)
                {
                    while (RespCommandParser.IsInlineSeparator(_args[_pos])) _pos++;
                    int start = _pos;
                    while (_pos < _args.Length && !RespCommandParser.IsInlineSeparator(_args[_pos])) _pos++;
                    Current = _args.Slice(start, _pos - start);
                    return true;
                }

                // "$<len>\r\n<payload>\r\n": the header is known to be well formed.
                int i = _pos + 1;
                if (_args[i] == (byte)'+') i++;
                int length = 0;
                while (_args[i] != (byte)'\r') length = length * 10 + (_args[i++] - (byte)'0');
                int dataStart = i + 2;
                Current = _args.Slice(dataStart, length);
                _pos = dataStart + length + 2;
                return true;
            }
        }
    }
}
