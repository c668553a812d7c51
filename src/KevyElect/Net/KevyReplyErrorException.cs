using System;
using KevyElect.DataPlane;

namespace KevyElect.Net
{
    /// <summary>The node answered a command with an error reply where a value was needed.</summary>
    public sealed class KevyReplyErrorException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public KevyReplyErrorException(string endpoint, string command, DataPlaneError error)
            : base($"{endpoint}: {command} failed: -{error?.Text}")
        {
            Endpoint = endpoint;
            Command = command;
            Error = error ?? throw new ArgumentNullException(nameof(error));
        }

        /// <summary>The <c>host:port</c> that answered.</summary>
        public string Endpoint { get; }

        /// <summary>The command that was refused.</summary>
        public string Command { get; }

        /// <summary>The classified error reply.</summary>
        public DataPlaneError Error { get; }
    }
}
