using System;
using KevyElect.Protocol;

namespace KevyElect.Failover
{
    /// <summary>
    /// One frame delivered (or not) to one node's elect port. The port never answers, so a delivered frame
    /// only means the bytes were written; its effect shows on the data plane.
    /// </summary>
    /// <param name="Target">The node id.</param>
    /// <param name="Endpoint">Its elect <c>host:port</c>.</param>
    /// <param name="Verb">The frame's verb.</param>
    /// <param name="Message">The message sent.</param>
    /// <param name="Bytes">Bytes written (0 when it failed).</param>
    /// <param name="Hex">The frame as lowercase hex.</param>
    /// <param name="Elapsed">Connect plus write time, or until the failure.</param>
    /// <param name="Error">Why it failed, or null when delivered.</param>
    public sealed record ElectDeliveryReceipt(string Target, string Endpoint, ElectVerb Verb, ElectMessage Message, int Bytes, string Hex, TimeSpan Elapsed, string? Error)
    {
        /// <summary>True when the frame was written.</summary>
        public bool Delivered => Error is null;

        /// <summary>The name of the cluster the target belongs to (its inventory name), or null for a cluster named only by its peer table.</summary>
        public string? ClusterName { get; init; }

        /// <summary><see cref="Elapsed"/> in milliseconds.</summary>
        public double ElapsedMs => Math.Round(Elapsed.TotalMilliseconds, 2);
    }
}
