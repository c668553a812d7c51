namespace KevyElect.Protocol
{
    /// <summary>
    /// One message of the election control plane. Concrete messages are records, so two
    /// messages with the same fields are equal.
    /// </summary>
    public abstract record ElectMessage
    {
        private protected ElectMessage() { }

        /// <summary>The verb this message travels under, by name (Hb, Offer, Accept, Announce).</summary>
        public string Verb => GetVerb().ToString();

        /// <summary>The verb this message travels under.</summary>
        public abstract ElectVerb GetVerb();

        /// <summary>The epoch the message carries (OFFER's new_epoch).</summary>
        public abstract ulong Epoch { get; }

        /// <summary>
        /// The node the message speaks for: HB node_id, OFFER candidate_id, ACCEPT accepter_id,
        /// ANNOUNCE new_primary_id. Receivers take the sender's identity from here.
        /// </summary>
        public abstract string SenderId { get; }

        /// <summary>What a table shows beside the verb, epoch and sender: <c>role=primary offset=5</c>, <c>offset=5</c>, <c>addr=host:port</c>, or empty.</summary>
        public string Detail => ElectFrameText.Detail(this);
    }

    /// <summary><c>HB epoch node_id role repl_offset</c>.</summary>
    public sealed record HbMessage : ElectMessage
    {
        private readonly ElectRole _role;

        /// <summary>A heartbeat.</summary>
        /// <param name="epoch">The epoch the sender believes is current.</param>
        /// <param name="nodeId">The sender's node id.</param>
        /// <param name="role">The sender's self-perceived role.</param>
        /// <param name="replOffset">The sender's highest applied replication offset.</param>
        public HbMessage(ulong epoch, string nodeId, ElectRole role, ulong replOffset)
        {
            Epoch = epoch;
            NodeId = nodeId;
            _role = role;
            ReplOffset = replOffset;
        }

        /// <summary>The sender's node id.</summary>
        public string NodeId { get; }

        /// <summary>The sender's self-perceived role, by name (Primary, Replica, Candidate).</summary>
        public string Role => _role.ToString();

        /// <summary>The sender's self-perceived role.</summary>
        public ElectRole GetRole() => _role;

        /// <summary>The sender's highest applied replication offset.</summary>
        public ulong ReplOffset { get; }

        /// <inheritdoc />
        public override ElectVerb GetVerb() => ElectVerb.Hb;
        /// <inheritdoc />
        public override ulong Epoch { get; }
        /// <inheritdoc />
        public override string SenderId => NodeId;
    }

    /// <summary><c>OFFER new_epoch candidate_id repl_offset</c>.</summary>
    /// <param name="Epoch">The new epoch the candidate proposes (new_epoch on the wire).</param>
    /// <param name="CandidateId">The candidate's node id.</param>
    /// <param name="ReplOffset">The candidate's replication offset; voters with more data refuse.</param>
    public sealed record OfferMessage(ulong Epoch, string CandidateId, ulong ReplOffset) : ElectMessage
    {
        /// <inheritdoc />
        public override ElectVerb GetVerb() => ElectVerb.Offer;
        /// <inheritdoc />
        public override ulong Epoch { get; } = Epoch;
        /// <inheritdoc />
        public override string SenderId => CandidateId;
    }

    /// <summary><c>ACCEPT epoch accepter_id</c>.</summary>
    /// <param name="Epoch">The epoch being voted for.</param>
    /// <param name="AccepterId">The voter's node id.</param>
    public sealed record AcceptMessage(ulong Epoch, string AccepterId) : ElectMessage
    {
        /// <inheritdoc />
        public override ElectVerb GetVerb() => ElectVerb.Accept;
        /// <inheritdoc />
        public override ulong Epoch { get; } = Epoch;
        /// <inheritdoc />
        public override string SenderId => AccepterId;
    }

    /// <summary><c>ANNOUNCE epoch new_primary_id new_primary_addr</c>.</summary>
    /// <param name="Epoch">The epoch the new primary was elected in.</param>
    /// <param name="NewPrimaryId">The new primary's node id.</param>
    /// <param name="NewPrimaryAddr">The new primary's client address, <c>host:port</c>.</param>
    public sealed record AnnounceMessage(ulong Epoch, string NewPrimaryId, string NewPrimaryAddr) : ElectMessage
    {
        /// <inheritdoc />
        public override ElectVerb GetVerb() => ElectVerb.Announce;
        /// <inheritdoc />
        public override ulong Epoch { get; } = Epoch;
        /// <inheritdoc />
        public override string SenderId => NewPrimaryId;
    }
}
