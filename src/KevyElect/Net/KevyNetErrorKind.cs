namespace KevyElect.Net
{
    /// <summary>Why a network operation against a kevy node failed.</summary>
    public enum KevyNetErrorKind
    {
        /// <summary>The host actively refused the connection: nothing listens on that port.</summary>
        ConnectRefused,
        /// <summary>The TCP connect did not complete within the timeout.</summary>
        ConnectTimeout,
        /// <summary>Connected, but the exchange did not complete within the timeout.</summary>
        Timeout,
        /// <summary>The peer reset the connection.</summary>
        Reset,
        /// <summary>The peer closed the connection (or it was closed by an earlier failure).</summary>
        Closed,
        /// <summary>The peer sent bytes that are not the expected RESP2 reply.</summary>
        ProtocolViolation,
        /// <summary>The reply grew past the connection's size limit.</summary>
        ReplyTooLarge,
        /// <summary>The host name did not resolve to any address.</summary>
        Unresolvable,
        /// <summary>No route to the host or its network.</summary>
        Unreachable,
        /// <summary>Any other socket error; see the inner exception.</summary>
        SocketError,
    }
}
