using System.Collections.Generic;
using KevyElect.Protocol;

namespace KevyElect.Election
{
    // Inbound handlers, one per verb. Each rule of the protocol is one `if`.
    public sealed partial class Elector
    {
        private void OnHb(HbMessage hb, long nowMs)
        {
            // A node never sends to itself: an HB under my id is a loop or an impostor. Recording it would
            // count me twice toward the lease, following it would make me follow myself.
            if (hb.NodeId == _nodeId) return;
            // Recorded whoever sends it, ids outside the table included (the reference's quirk).
            _peerViews[hb.NodeId] = new PeerView(nowMs, hb.Epoch, hb.GetRole(), hb.ReplOffset);
            if (hb.GetRole() != ElectRole.Primary) return;
            bool newerEpoch = hb.Epoch > _epoch;
            // "No known primary" for this epoch: none at all, or one of an older epoch (I voted since and
            // missed the ANNOUNCE, e.g. behind a cut). Without this a node could follow a dead term forever.
            bool leaderless = _knownPrimary is null || _knownPrimaryEpoch < _epoch;
            bool sameEpochAndLeaderless = hb.Epoch == _epoch && _role == ElectRole.Replica && leaderless;
            if (!newerEpoch && !sameEpochAndLeaderless) return;

            if (newerEpoch) Persist(hb.Epoch, null);
            _epoch = hb.Epoch;
            _knownPrimary = hb.NodeId;
            _knownPrimaryEpoch = hb.Epoch;
            if (_role != ElectRole.Replica) StepDown();
            Decide(nowMs, $"following {hb.NodeId}, which claims primary in its HB");
        }

        private void OnOffer(OfferMessage offer, long nowMs, List<Outbound> outbox)
        {
            if (offer.Epoch <= _epoch) return;
            if (_replOffset > offer.ReplOffset) return;
            if (_replOffset == offer.ReplOffset && ElectionRules.CompareIds(_nodeId, offer.CandidateId) < 0) return;
            // Already implied by the stale check (a vote adopts its epoch); kept as the spec states it.
            if (_lastAcceptEpoch == offer.Epoch) return;

            Persist(offer.Epoch, offer.CandidateId);
            _lastAcceptEpoch = offer.Epoch;
            _epoch = offer.Epoch;
            // Voting for another node's epoch ends my own claim: a primary or candidate of an older epoch
            // must not go on (or win) beside the node it just voted for.
            if (_role != ElectRole.Replica)
            {
                if (_knownPrimary == _nodeId) _knownPrimary = null;
                StepDown();
            }
            Decide(nowMs, $"voted for {offer.CandidateId} (offset {offer.ReplOffset})");
            outbox.Add(new Outbound(offer.CandidateId, new AcceptMessage(offer.Epoch, _nodeId)));
        }

        private void OnAccept(AcceptMessage accept)
        {
            if (_role != ElectRole.Candidate) return;
            if (accept.Epoch != _epoch) return;
            _votes.Add(accept.AccepterId);
        }

        private void OnAnnounce(AnnounceMessage announce, long nowMs)
        {
            if (announce.Epoch < _epoch) return;
            if (announce.Epoch == _epoch && _knownPrimary == announce.NewPrimaryId) return;

            Persist(announce.Epoch, announce.NewPrimaryId);
            _epoch = announce.Epoch;
            _lastAcceptEpoch = announce.Epoch;
            _knownPrimary = announce.NewPrimaryId;
            _knownPrimaryEpoch = announce.Epoch;
            _votes.Clear();
            _offerAtMs = null;
            _role = announce.NewPrimaryId == _nodeId ? ElectRole.Primary : ElectRole.Replica;
            Decide(nowMs, $"announced primary {announce.NewPrimaryId} at {announce.NewPrimaryAddr}");
        }

        private void StepDown()
        {
            _role = ElectRole.Replica;
            _votes.Clear();
            _offerAtMs = null;
        }
    }
}
