using System;
using System.Collections.Generic;
using System.Linq;
using KevyElect.Protocol;

namespace KevyElect.Election
{
    /// <summary>
    /// One node's election state machine, pure: no I/O, no clock, no randomness of its own. The host
    /// feeds it <see cref="Tick"/> and <see cref="OnMessage"/> with a monotonic time in milliseconds and
    /// sends what they return. The only side effect is <see cref="IElectPersist.Save"/>, which always
    /// happens before the frames that depend on it are returned. Not thread-safe.
    /// </summary>
    public sealed partial class Elector
    {
        private const int DecisionCapacity = 64;

        private readonly string _nodeId;
        private readonly string[] _peerIds;
        private readonly string _advertisedClientAddr;
        private readonly ElectionTimings _timings;
        private readonly IElectPersist _persist;
        private readonly Func<int, int> _jitter;
        private readonly Dictionary<string, PeerView> _peerViews = new Dictionary<string, PeerView>(StringComparer.Ordinal);
        private readonly HashSet<string> _votes = new HashSet<string>(StringComparer.Ordinal);
        private readonly Queue<ElectDecision> _decisions = new Queue<ElectDecision>();

        private ElectRole _role = ElectRole.Replica;
        private ulong _epoch;
        private string? _votedFor;
        private string? _knownPrimary;
        // The epoch the known primary was elected or announced in. A primary of an older epoch than mine
        // (I voted or ran since) no longer blocks following the primary of my epoch when its HB arrives.
        private ulong _knownPrimaryEpoch;
        private ulong _replOffset;
        private ulong? _lastAcceptEpoch;
        private long? _offerAtMs;
        private long? _backoffUntilMs;
        private long? _firstTickMs;
        private long? _lastHbSentMs;

        /// <summary>
        /// Builds a node's elector as a replica with no known primary, resuming the persisted
        /// (epoch, voted_for); the epoch starts at 1 when nothing was persisted.
        /// </summary>
        /// <param name="nodeId">This node's id; must be in <paramref name="peerIds"/>.</param>
        /// <param name="peerIds">The static peer table's ids, this node included (N = its count).</param>
        /// <param name="advertisedClientAddr">The <c>host:port</c> this node's ANNOUNCE carries.</param>
        /// <param name="timings">The timeouts.</param>
        /// <param name="persist">Durable (epoch, voted_for) storage.</param>
        /// <param name="jitter">Given a bound <c>max &gt; 0</c>, returns a value in <c>0 .. max-1</c>.</param>
        /// <exception cref="ArgumentException">An argument is empty, duplicated or inconsistent.</exception>
        public Elector(string nodeId, IReadOnlyList<string> peerIds, string advertisedClientAddr,
            ElectionTimings timings, IElectPersist persist, Func<int, int> jitter)
        {
            if (string.IsNullOrEmpty(nodeId)) throw new ArgumentException("the node id is empty", nameof(nodeId));
            if (peerIds is null) throw new ArgumentNullException(nameof(peerIds));
            if (advertisedClientAddr is null) throw new ArgumentNullException(nameof(advertisedClientAddr));
            _timings = timings ?? throw new ArgumentNullException(nameof(timings));
            _persist = persist ?? throw new ArgumentNullException(nameof(persist));
            _jitter = jitter ?? throw new ArgumentNullException(nameof(jitter));
            timings.Validate();

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string id in peerIds)
            {
                if (string.IsNullOrEmpty(id)) throw new ArgumentException("a peer id is empty", nameof(peerIds));
                if (!seen.Add(id)) throw new ArgumentException($"peer id '{id}' appears twice", nameof(peerIds));
            }
            if (!seen.Contains(nodeId)) throw new ArgumentException($"node id '{nodeId}' is not in the peer table", nameof(peerIds));

            _nodeId = nodeId;
            _peerIds = peerIds.ToArray();
            _advertisedClientAddr = advertisedClientAddr;

            ElectMeta meta = persist.Load() ?? ElectMeta.Empty;
            _epoch = meta.Epoch == 0 ? 1 : meta.Epoch;
            _votedFor = meta.VotedFor;
            // A persisted id means this node already spoke for that epoch: it must not vote in it again.
            if (meta.Epoch != 0 && meta.VotedFor is not null) _lastAcceptEpoch = meta.Epoch;
        }

        /// <summary>This node's id.</summary>
        public string NodeId => _nodeId;

        /// <summary>This node's self-perceived role (cheaper than <see cref="State"/>).</summary>
        public ElectRole Role => _role;

        /// <summary>The epoch this node believes is current.</summary>
        public ulong Epoch => _epoch;

        /// <summary>The primary this node follows, or null when unknown.</summary>
        public string? KnownPrimaryId => _knownPrimary;

        /// <summary>Votes needed to win: N/2 + 1 over the peer table.</summary>
        public int Quorum => ElectionRules.Quorum(_peerIds.Length);

        /// <summary>The timeouts in use.</summary>
        public ElectionTimings Timings => _timings;

        /// <summary>The last state changes (at most 64), oldest first.</summary>
        public IReadOnlyList<ElectDecision> RecentDecisions => _decisions.ToArray();

        /// <summary>A snapshot of the current state.</summary>
        public ElectState State => new ElectState(
            _nodeId, _role, _epoch, _votedFor, _knownPrimary, _replOffset,
            _votes.ToArray(), _lastAcceptEpoch, _backoffUntilMs, _offerAtMs,
            new Dictionary<string, PeerView>(_peerViews, StringComparer.Ordinal));

        /// <summary>Sets this node's replication offset (the host reports its data plane's progress).</summary>
        public void SetReplOffset(ulong offset) => _replOffset = offset;

        /// <summary>
        /// Primary lease: this node plus the senders heard within down_after form a strict majority of N.
        /// Like the reference, HBs from ids outside the peer table count too.
        /// </summary>
        public bool HasQuorumVisibility(long nowMs)
        {
            int visible = 1 + _peerViews.Values.Count(v => IsFresh(v, nowMs));
            return visible >= Quorum;
        }

        /// <summary>True when this node is primary and holds its lease; otherwise writes are fenced.</summary>
        public bool IsWritablePrimary(long nowMs) => _role == ElectRole.Primary && HasQuorumVisibility(nowMs);

        /// <summary>Advances time: heartbeats, candidacy start, candidacy outcome. Returns the frames to send.</summary>
        public IReadOnlyList<Outbound> Tick(long nowMs)
        {
            _firstTickMs ??= nowMs;
            var outbox = new List<Outbound>();
            EmitHeartbeats(nowMs, outbox);
            MaybeStartCandidacy(nowMs, outbox);
            MaybeFinishCandidacy(nowMs, outbox);
            return outbox;
        }

        /// <summary>Applies one inbound frame. Returns the frames to send (an ACCEPT at most).</summary>
        public IReadOnlyList<Outbound> OnMessage(ElectMessage message, long nowMs)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            var outbox = new List<Outbound>();
            switch (message)
            {
                case HbMessage hb: OnHb(hb, nowMs); break;
                case OfferMessage offer: OnOffer(offer, nowMs, outbox); break;
                case AcceptMessage accept: OnAccept(accept); break;
                case AnnounceMessage announce: OnAnnounce(announce, nowMs); break;
                default: throw new ArgumentException($"unknown elect message {message.GetType().Name}", nameof(message));
            }
            return outbox;
        }

        private bool IsFresh(PeerView view, long nowMs) => nowMs - view.LastSeenMs < _timings.DownAfterMs;

        private bool IsPeerDown(string id, long nowMs) => !_peerViews.TryGetValue(id, out PeerView? view) || !IsFresh(view, nowMs);

        /// <summary>Makes (epoch, voted) durable; callers change state and queue frames only afterwards.</summary>
        private void Persist(ulong epoch, string? votedFor)
        {
            _persist.Save(new ElectMeta(epoch, votedFor));
            _votedFor = votedFor;
        }

        private void Decide(long nowMs, string what)
        {
            if (_decisions.Count == DecisionCapacity) _decisions.Dequeue();
            _decisions.Enqueue(new ElectDecision(nowMs, _epoch, what));
        }
    }
}
