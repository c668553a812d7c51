using System;
using System.Buffers;

namespace KevyElect.Protocol
{
    /// <summary>Encodes and decodes elect frames exactly as the reference does. Pure: no I/O.</summary>
    public static class ElectCodec
    {
        /// <summary>Exact number of bytes <paramref name="message"/> encodes to.</summary>
        public static int GetEncodedLength(ElectMessage message) => throw new NotImplementedException();

        /// <summary>Encodes into <paramref name="destination"/> without allocating; returns bytes written.</summary>
        /// <exception cref="ArgumentException">The destination is shorter than <see cref="GetEncodedLength"/>.</exception>
        public static int Encode(ElectMessage message, Span<byte> destination) => throw new NotImplementedException();

        /// <summary>Encodes into a buffer writer without allocating.</summary>
        public static void Encode(ElectMessage message, IBufferWriter<byte> writer) => throw new NotImplementedException();

        /// <summary>Encodes into a new array.</summary>
        public static byte[] Encode(ElectMessage message) => throw new NotImplementedException();

        /// <summary>Decodes the first frame of <paramref name="input"/>. Never throws.</summary>
        public static DecodeResult Decode(ReadOnlySpan<byte> input) => throw new NotImplementedException();
    }
}
