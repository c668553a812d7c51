using System;
using System.IO;

namespace KevyElect.Lab
{
    /// <summary>A lab node could not bind one of its ports on 127.0.0.1 because something else holds it.</summary>
    public sealed class LabPortInUseException : IOException
    {
        /// <summary>Creates the exception for <paramref name="port"/>.</summary>
        public LabPortInUseException(int port, Exception inner)
            : base($"port {port} on 127.0.0.1 is already in use: another process (or lab) holds it", inner) => Port = port;

        /// <summary>The port that was taken.</summary>
        public int Port { get; }
    }
}
