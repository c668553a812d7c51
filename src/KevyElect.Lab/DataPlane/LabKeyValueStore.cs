using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KevyElect.Lab
{
    /// <summary>The dataset of one lab node: byte keys to byte values. Not thread-safe (the fabric's gate guards it).</summary>
    internal sealed class LabKeyValueStore
    {
        private readonly Dictionary<string, byte[]> _values = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        public int Count => _values.Count;

        public byte[]? Get(byte[] key) => _values.TryGetValue(Key(key), out var v) ? v : null;

        public bool Contains(byte[] key) => _values.ContainsKey(Key(key));

        /// <summary>Applies a logged write.</summary>
        public void Apply(LabReplicationEntry entry)
        {
            var args = entry.Args;
            var verb = Encoding.ASCII.GetString(args[0]);
            if (verb == "SET")
            {
                _values[Key(args[1])] = args[2];
            }
            else if (verb == "DEL")
            {
                for (int i = 1; i < args.Count; i++) _values.Remove(Key(args[i]));
            }
            else
            {
                throw new InvalidOperationException($"unknown replicated write '{verb}'");
            }
        }

        /// <summary>Rebuilds the dataset from a whole log (a full resync).</summary>
        public void Reset(IEnumerable<LabReplicationEntry> log)
        {
            _values.Clear();
            foreach (var e in log) Apply(e);
        }

        /// <summary>Parses a stored value as a signed 64-bit integer, as INCR does.</summary>
        public static bool TryParseInteger(byte[] value, out long result) =>
            long.TryParse(Encoding.ASCII.GetString(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result)
            && value.Length > 0 && value.Length <= 20 && value[0] != (byte)'+';

        // One char per byte keeps arbitrary key bytes distinct.
        private static string Key(byte[] key)
        {
            var chars = new char[key.Length];
            for (int i = 0; i < key.Length; i++) chars[i] = (char)key[i];
            return new string(chars);
        }
    }
}
