namespace KevyElect.Protocol
{
    /// <summary>The four verbs of the election control plane.</summary>
    public enum ElectVerb
    {
        /// <summary><c>HB epoch node_id role repl_offset</c>: heartbeat, every hb_interval to every peer.</summary>
        Hb,
        /// <summary><c>OFFER new_epoch candidate_id repl_offset</c>: a candidate asks for votes.</summary>
        Offer,
        /// <summary><c>ACCEPT epoch accepter_id</c>: one vote, at most one per epoch per voter.</summary>
        Accept,
        /// <summary><c>ANNOUNCE epoch new_primary_id new_primary_addr</c>: the winner tells everyone.</summary>
        Announce,
    }
}
