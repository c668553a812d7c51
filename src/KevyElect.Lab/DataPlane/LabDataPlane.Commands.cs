using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    public sealed partial class LabDataPlane
    {
        /// <summary>The election's view, read before taking the gate so an elector may call back under its own lock.</summary>
        private readonly struct ElectionSnapshot
        {
            public ElectionSnapshot(ILabElectionView view)
            {
                IsElectedPrimary = view.IsElectedPrimary;
                HasWriteQuorum = view.HasWriteQuorum;
                KnownPrimaryId = view.KnownPrimaryId;
            }

            public bool IsElectedPrimary { get; }
            public bool HasWriteQuorum { get; }
            public string? KnownPrimaryId { get; }
        }

        /// <summary>Answers one client command (called by the server, one command at a time per connection).</summary>
        internal RespValue HandleCommand(IReadOnlyList<byte[]> args)
        {
            Commands.Add(new LabCommandRecord(DateTimeOffset.UtcNow, args.Select(a => Encoding.UTF8.GetString(a)).ToArray()));
            string name = Encoding.UTF8.GetString(args[0]);
            var election = new ElectionSnapshot(_election);
            lock (_fabric.Gate)
            {
                if (IsLoadingLocked && IsGatedWhileLoading(name)) return RespValue.Err(LabReplies.Loading);
                switch (name.ToUpperInvariant())
                {
                    case "PING":
                        if (args.Count > 2) return LabReplies.WrongArity(name);
                        return args.Count == 2 ? RespValue.Bulk(args[1]) : LabReplies.Pong;
                    case "ROLE":
                        return args.Count == 1 ? RoleLocked(election) : LabReplies.WrongArity(name);
                    case "INFO":
                        return InfoLocked(args);
                    case "REPLICAOF":
                    case "SLAVEOF":
                        return args.Count == 3 ? ReplicaOfLocked(args) : LabReplies.WrongArity(name);
                    case "FAILOVER":
                        return FailoverLocked(args);
                    case "REPL.TOKEN":
                        return args.Count == 1 ? ReplTokenLocked() : LabReplies.WrongArity(name);
                    case "REPL.WAIT":
                        return ReplWaitCheckLocked(args, out _); // a caller that cannot wait gets the answer as of now
                    case "GET":
                        if (args.Count != 2) return LabReplies.WrongArity(name);
                        var value = _store.Get(args[1]);
                        return value == null ? RespValue.Null : RespValue.Bulk(value);
                    case "DBSIZE":
                        return args.Count == 1 ? RespValue.Int(_store.Count) : LabReplies.WrongArity(name);
                    case "SET":
                        if (args.Count < 3) return LabReplies.WrongArity(name);
                        return args.Count > 3 ? RespValue.Err(LabReplies.Syntax) : WriteLocked(election, () => Set(args[1], args[2]));
                    case "INCR":
                        return args.Count == 2 ? WriteLocked(election, () => Incr(args[1])) : LabReplies.WrongArity(name);
                    case "DEL":
                        return args.Count >= 2 ? WriteLocked(election, () => Del(args)) : LabReplies.WrongArity(name);
                    default:
                        return LabReplies.UnknownCommand(name);
                }
            }
        }

        /// <summary>What a replica loading a snapshot refuses: every read but PING and INFO (writes meet the write gate).</summary>
        private static bool IsGatedWhileLoading(string name)
        {
            switch (name.ToUpperInvariant())
            {
                case "ROLE":
                case "GET":
                case "DBSIZE":
                case "REPL.TOKEN":
                case "REPL.WAIT":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The write gate, in the order the reference answers (quorum fence, quiesce, replica), then the write itself.</summary>
        private RespValue WriteLocked(ElectionSnapshot election, Func<RespValue> write)
        {
            if (election.IsElectedPrimary && !election.HasWriteQuorum) return RespValue.Err(LabReplies.NoReplicas);
            if (_quiesceTo != null) return RespValue.Err(LabReplies.Quiesced(_quiesceTo));
            if (_link != null && _promotionStartedAt == null) return RespValue.Err(LabReplies.ReadOnly);
            if (_fenced) return RespValue.Err(LabReplies.ReadOnly);
            return write();
        }

        private RespValue Set(byte[] key, byte[] value)
        {
            AppendWriteLocked(new LabReplicationEntry(new[] { Ascii("SET"), key, value }));
            return LabReplies.Ok;
        }

        private RespValue Incr(byte[] key)
        {
            long current = 0;
            var stored = _store.Get(key);
            if (stored != null && !LabKeyValueStore.TryParseInteger(stored, out current)) return RespValue.Err(LabReplies.NotInteger);
            if (current == long.MaxValue) return RespValue.Err("ERR increment or decrement would overflow");
            long next = current + 1;
            AppendWriteLocked(new LabReplicationEntry(new[] { Ascii("SET"), key, Ascii(next.ToString(CultureInfo.InvariantCulture)) }));
            return RespValue.Int(next);
        }

        private RespValue Del(IReadOnlyList<byte[]> args)
        {
            var present = args.Skip(1).GroupBy(Convert.ToBase64String).Select(g => g.First()).Where(_store.Contains).ToList();
            int removed = present.Count;
            // kevy 5.4.0 replicates a one-key DEL whether or not the key exists (its offset moves by one, so a write probe
            // moves it too); a DEL of several keys that removes nothing was seen to leave the offset alone.
            if (removed > 0 || args.Count == 2)
            {
                var entry = removed > 0 ? present : new List<byte[]> { args[1] };
                entry.Insert(0, Ascii("DEL"));
                AppendWriteLocked(new LabReplicationEntry(entry));
            }
            return RespValue.Int(removed);
        }

        private RespValue RoleLocked(ElectionSnapshot election)
        {
            if (election.IsElectedPrimary)
                return LabReplies.RoleMaster(_link == null ? _log.Count : 0, ReplicaLinesLocked());
            // The primary ROLE names is the elector's; the link state and offset are the data plane's link, whatever it
            // replicates from (a data-plane master: connect, 0).
            var primary = election.KnownPrimaryId == null ? null : _fabric.Directory.Find(election.KnownPrimaryId);
            bool linked = _link != null && _promotionStartedAt == null;
            return LabReplies.RoleSlave(primary?.Host ?? string.Empty, primary?.ElectPort ?? 0,
                linked ? _link!.State : LabLinkState.Connect, linked ? _link!.Received : 0);
        }

        private RespValue InfoLocked(IReadOnlyList<byte[]> args)
        {
            if (args.Count > 2) return RespValue.Err(LabReplies.Syntax);
            string section = args.Count == 2 ? Encoding.UTF8.GetString(args[1]).ToLowerInvariant() : "default";
            if (section != "replication" && section != "default" && section != "all" && section != "everything")
                return RespValue.Bulk(string.Empty);
            string text;
            if (_link == null)
            {
                text = LabReplies.InfoMaster(ReplicaLinesLocked(), _log.Count);
            }
            else
            {
                var source = _link.SourceId == null ? null : _fabric.Directory.Find(_link.SourceId);
                long lastIo = _link.LastIo == null ? -1 : (long)(_fabric.Now - _link.LastIo.Value).TotalSeconds;
                text = LabReplies.InfoSlave(_link.Host, source?.ReplicationPort ?? _link.Port, _link.State, lastIo, _log.Count, LagFramesLocked());
            }
            return RespValue.Bulk(text);
        }

        private LabReplies.ReplicaLine[] ReplicaLinesLocked() =>
            _fabric.ReplicasOfLocked(NodeId).Select(n =>
            {
                var peer = _fabric.Directory.Get(n.NodeId);
                var link = n.LinkLocked!;
                // kevy lists a replica as online once it acknowledged this stream; before the first election (while this node is
                // still boot-fenced) none has.
                return new LabReplies.ReplicaLine(peer.Host, peer.ClientPort, link.State == LabLinkState.Connected && !_fenced, n.OffsetLocked, link.Received);
            }).ToArray();

        private RespValue ReplicaOfLocked(IReadOnlyList<byte[]> args)
        {
            string host = Encoding.UTF8.GetString(args[1]);
            string port = Encoding.UTF8.GetString(args[2]);
            if (string.Equals(host, "NO", StringComparison.OrdinalIgnoreCase) && string.Equals(port, "ONE", StringComparison.OrdinalIgnoreCase))
            {
                if (_link != null || _pendingLink != null) ReplicaOfNoOneLocked();
                return LabReplies.Ok;
            }
            if (!LabFailoverRequest.TryParseU16(port, out int p)) return RespValue.Err(LabReplies.NotInteger);
            var peer = _fabric.Directory.FindByDataEndpoint(host, p);
            if (peer == null || (_pendingLink ?? _link)?.SourceId != peer.Id || _promotionStartedAt != null)
            {
                _promotionStartedAt = null;
                RetargetLocked(peer == null ? new LabReplicationLink(host, p, null) : NewLink(peer.Id));
            }
            return LabReplies.Ok;
        }

        private RespValue FailoverLocked(IReadOnlyList<byte[]> args)
        {
            var request = LabFailoverRequest.Parse(args.Skip(1).ToArray());
            if (request.IsAbort)
            {
                _quiesceTo = null; // each handover notices at its next check and stands down
                return LabReplies.Ok;
            }
            if (request.Error != null) return RespValue.Err(request.Error);
            if (_link != null && _promotionStartedAt == null) return RespValue.Err(LabFailoverRequest.ReplicaError);
            // Like the reference, a FAILOVER during another one replaces the quiesce target and adds a handover.
            StartFailoverLocked(request);
            return LabReplies.Ok;
        }

        private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
    }
}
