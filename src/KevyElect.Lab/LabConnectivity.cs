using System;
using System.Collections.Generic;
using System.Linq;

namespace KevyElect.Lab
{
    /// <summary>
    /// Which nodes of a lab can reach each other, consulted by both planes: the elect transport and
    /// the replication fabric. Cuts are between nodes only; a client outside the lab (the operator's
    /// tools) reaches every node, as a host that sees both sides of a partition would.
    /// </summary>
    public sealed class LabConnectivity
    {
        private readonly object _sync = new object();
        private readonly HashSet<(string From, string To)> _cuts = new HashSet<(string, string)>();
        private readonly string[] _ids;

        /// <summary>Creates a fully connected matrix over <paramref name="ids"/>.</summary>
        public LabConnectivity(IEnumerable<string> ids)
        {
            _ids = (ids ?? throw new ArgumentNullException(nameof(ids))).ToArray();
        }

        /// <summary>Raised after every change, outside the lock.</summary>
        public event Action? Changed;

        /// <summary>True when bytes can flow from <paramref name="from"/> to <paramref name="to"/>.</summary>
        public bool CanReach(string from, string to)
        {
            if (from == to) return true;
            lock (_sync) return !_cuts.Contains((from, to));
        }

        /// <summary>True when <paramref name="id"/> is cut from every other node (false in a one-node lab).</summary>
        public bool IsIsolated(string id)
        {
            lock (_sync) return _ids.Length > 1 && _ids.Where(o => o != id).All(o => _cuts.Contains((id, o)) && _cuts.Contains((o, id)));
        }

        /// <summary>Ids of the nodes <paramref name="id"/> can exchange bytes with both ways, itself excluded.</summary>
        public IReadOnlyList<string> ReachableFrom(string id)
        {
            lock (_sync) return _ids.Where(o => o != id && !_cuts.Contains((id, o)) && !_cuts.Contains((o, id))).ToArray();
        }

        /// <summary>Cuts <paramref name="id"/> from every other node, both ways.</summary>
        public void Isolate(string id)
        {
            Check(id);
            lock (_sync)
            {
                foreach (string other in _ids.Where(o => o != id))
                {
                    _cuts.Add((id, other));
                    _cuts.Add((other, id));
                }
            }
            Changed?.Invoke();
        }

        /// <summary>
        /// Replaces every cut with a partition into <paramref name="groups"/>: nodes talk only within
        /// their group. Every node must be in exactly one group.
        /// </summary>
        public void Split(IReadOnlyList<IReadOnlyCollection<string>> groups)
        {
            if (groups is null) throw new ArgumentNullException(nameof(groups));
            var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int g = 0; g < groups.Count; g++)
            {
                foreach (string id in groups[g] ?? throw new ArgumentException($"group {g + 1} is null", nameof(groups)))
                {
                    Check(id);
                    if (groupOf.ContainsKey(id)) throw new ArgumentException($"node '{id}' is in more than one group", nameof(groups));
                    groupOf[id] = g;
                }
            }
            var missing = _ids.Where(id => !groupOf.ContainsKey(id)).ToArray();
            if (missing.Length > 0)
                throw new ArgumentException($"node(s) {string.Join(", ", missing)} are in no group; every node must be in exactly one group", nameof(groups));
            lock (_sync)
            {
                _cuts.Clear();
                foreach (string a in _ids)
                {
                    foreach (string b in _ids)
                    {
                        if (groupOf[a] != groupOf[b]) _cuts.Add((a, b));
                    }
                }
            }
            Changed?.Invoke();
        }

        /// <summary>Removes the cuts that involve <paramref name="id"/>.</summary>
        public void Heal(string id)
        {
            Check(id);
            lock (_sync) _cuts.RemoveWhere(c => c.From == id || c.To == id);
            Changed?.Invoke();
        }

        /// <summary>Removes every cut.</summary>
        public void HealAll()
        {
            lock (_sync) _cuts.Clear();
            Changed?.Invoke();
        }

        private void Check(string id)
        {
            if (!_ids.Contains(id)) throw new ArgumentException($"node '{id}' is not in this lab (nodes: {string.Join(", ", _ids)})", nameof(id));
        }
    }
}
