using System;

namespace KevyElect.Fleet
{
    /// <summary>A fleet inventory as a whole cannot be used (its shape is wrong); the message names the source and what is wrong.</summary>
    public sealed class FleetInventoryException : Exception
    {
        /// <summary>Creates the exception; the message is <c>source: reason</c>.</summary>
        public FleetInventoryException(string source, string reason)
            : base($"{source}: {reason}")
        {
            InventorySource = source;
        }

        /// <summary>The inventory concerned (its path, or a description).</summary>
        public string InventorySource { get; }
    }
}
