using System;
using System.Collections.Generic;
using KevyElect.Protocol;

namespace KevyElect.Election
{
    // The tick path: heartbeats, the candidacy start rules and the candidacy outcome.
    public sealed partial class Elector
    {
        private void EmitHeartbeats(long nowMs, List<Outbound> outbox)
        {
            if (_lastHbSentMs is long last && nowMs - last < _timings.HbIntervalMs) return;
            _lastHbSentMs = nowMs;
            var hb = new HbMessage(_epoch, _nodeId, _role, _replOffset);
            foreach (string peer in _peerIds)
            {
                if (peer != _nodeId) outbox.Add(new Outbound(peer, hb));
            }
        }

        private bool CandidacyAllowed(long nowMs)
        {
            if (_role != ElectRole.Replica) return false;
            if (_backoffUntilMs is long until && nowMs < until) return false;
            if (_knownPrimary is string primary && !IsPeerDown(primary, nowMs)) return false;
            // With no known primary, one down_after of grace lets a live primary's HB arrive first.
            if (_knownPrimary is null && nowMs - _firstTickMs!.Value < _timings.DownAfterMs) return false;
            if (_epoch == ulong.MaxValue) return false;
            return IsBestCandidate(nowMs);
        }

        /// <summary>Nobody heard within down_after (but me and the known primary) outranks me.</summary>
        private bool IsBestCandidate(long nowMs)
        {
            foreach (string other in _peerIds)
            {
                if (other == _nodeId) continue;
                if (other == _knownPrimary) continue;
                if (!_peerViews.TryGetValue(other, out PeerView? view)) continue;
                if (!IsFresh(view, nowMs)) continue;
                if (ElectionRules.Outranks(other, view.ReplOffset, _nodeId, _replOffset)) return false;
            }
            return true;
        }

        private void MaybeStartCandidacy(long nowMs, List<Outbound> outbox)
        {
            if (!CandidacyAllowed(nowMs)) return;
            ulong newEpoch = _epoch + 1;
            Persist(newEpoch, _nodeId);
            _epoch = newEpoch;
            _lastAcceptEpoch = newEpoch;
            _role = ElectRole.Candidate;
            _votes.Clear();
            _votes.Add(_nodeId);
            _offerAtMs = nowMs;
            Decide(nowMs, "candidacy: known primary " + (_knownPrimary ?? "(none)") + " is down and I am the best candidate");
            outbox.Add(new Outbound(null, new OfferMessage(newEpoch, _nodeId, _replOffset)));
        }

        private void MaybeFinishCandidacy(long nowMs, List<Outbound> outbox)
        {
            if (_role != ElectRole.Candidate || _offerAtMs is not long offerAt) return;
            if (_votes.Count >= Quorum)
            {
                _role = ElectRole.Primary;
                _knownPrimary = _nodeId;
                _knownPrimaryEpoch = _epoch;
                _offerAtMs = null;
                Decide(nowMs, $"won with {_votes.Count} of {_peerIds.Length} votes");
                _votes.Clear();
                outbox.Add(new Outbound(null, new AnnounceMessage(_epoch, _nodeId, _advertisedClientAddr)));
                return;
            }
            if (nowMs - offerAt >= _timings.ElectionTimeoutMs)
            {
                _role = ElectRole.Replica;
                _offerAtMs = null;
                _votes.Clear();
                _backoffUntilMs = nowMs + _timings.BackoffBaseMs + DrawJitter();
                Decide(nowMs, $"candidacy timed out; backing off until {_backoffUntilMs}");
            }
        }

        private int DrawJitter()
        {
            int max = (int)_timings.BackoffJitterMaxMs;
            if (max == 0) return 0;
            int value = _jitter(max);
            if (value < 0 || value >= max)
                throw new InvalidOperationException($"the jitter source returned {value}, outside 0..{max - 1}");
            return value;
        }
    }
}
