namespace KevyElect.Protocol
{
    /// <summary>Why bytes did not decode into an elect message. Exactly the reference's five kinds.</summary>
    public enum DecodeErrorKind
    {
        /// <summary>
        /// The frame is not all there: read more and retry. As in the reference, completeness is judged
        /// before content, so a bulk field whose data or CRLF is still arriving is Truncated even when a
        /// terminator byte already there is wrong; input holding only skippable bytes is Truncated too.
        /// </summary>
        Truncated,
        /// <summary>Not a RESP multi-bulk envelope (or a count or length beyond the limits).</summary>
        Bad,
        /// <summary>An empty array, an unknown verb, or the wrong arity for the verb.</summary>
        WrongShape,
        /// <summary>An epoch or offset field is not a valid unsigned 64-bit decimal.</summary>
        BadNumeric,
        /// <summary>The HB role is not primary, replica or candidate.</summary>
        BadRole,
    }
}
