using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;

namespace KevyElect.Protocol
{
    /// <summary>Writes RESP2: commands as multi-bulk arrays of bulk strings, and reply values.</summary>
    public static class RespWriter
    {
        /// <summary>Encodes a command (<c>*n</c> then one bulk string per argument, UTF-8).</summary>
        /// <exception cref="ArgumentException">No arguments were given, or one of them is null.</exception>
        public static byte[] Command(params string[] args)
        {
            if (args is null || args.Length == 0) throw new ArgumentException("a command needs at least one argument", nameof(args));
            var encoded = new byte[args.Length][];
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] is null) throw new ArgumentException($"command argument {i} is null", nameof(args));
                encoded[i] = Encoding.UTF8.GetBytes(args[i]);
            }
            return Command(encoded);
        }

        /// <summary>Encodes a command from raw argument bytes.</summary>
        /// <exception cref="ArgumentException">No arguments were given, or one of them is null.</exception>
        public static byte[] Command(IReadOnlyList<byte[]> args)
        {
            if (args is null || args.Count == 0) throw new ArgumentException("a command needs at least one argument", nameof(args));
            int length = HeaderLength(args.Count);
            for (int i = 0; i < args.Count; i++)
            {
                if (args[i] is null) throw new ArgumentException($"command argument {i} is null", nameof(args));
                length += BulkLength(args[i].Length);
            }

            var frame = new byte[length];
            Span<byte> span = frame;
            int pos = 0;
            WriteLine(span, ref pos, (byte)'*', args.Count);
            foreach (byte[] arg in args) WriteBulk(span, ref pos, arg);
            return frame;
        }

        /// <summary>Encodes a reply value in its RESP2 form.</summary>
        /// <exception cref="ArgumentException">A simple string or error contains CR or LF, which its form cannot carry.</exception>
        public static byte[] Reply(RespValue value)
        {
            var frame = new byte[ReplyLength(value)];
            int pos = 0;
            WriteReply(frame, ref pos, value);
            return frame;
        }

        /// <summary>Encodes a reply value into a buffer writer.</summary>
        /// <exception cref="ArgumentException">A simple string or error contains CR or LF, which its form cannot carry.</exception>
        public static void Reply(RespValue value, IBufferWriter<byte> writer)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            int length = ReplyLength(value);
            Span<byte> span = writer.GetSpan(length);
            int pos = 0;
            WriteReply(span, ref pos, value);
            writer.Advance(pos);
        }

        private static int ReplyLength(RespValue value)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            switch (value.Type)
            {
                case RespType.SimpleString:
                case RespType.Error:
                    RequireSingleLine(value);
                    return 1 + value.Bytes!.Length + 2;
                case RespType.Integer:
                    return 1 + IntegerDigits(value.Integer) + 2;
                case RespType.BulkString:
                    return BulkLength(value.Bytes!.Length);
                case RespType.Array:
                    int length = HeaderLength(value.Items.Count);
                    foreach (RespValue item in value.Items) length += ReplyLength(item);
                    return length;
                default:
                    return 5; // "$-1\r\n"
            }
        }

        private static void WriteReply(Span<byte> destination, ref int pos, RespValue value)
        {
            switch (value.Type)
            {
                case RespType.SimpleString:
                case RespType.Error:
                    destination[pos++] = value.Type == RespType.Error ? (byte)'-' : (byte)'+';
                    value.Bytes.AsSpan().CopyTo(destination.Slice(pos));
                    pos += value.Bytes!.Length;
                    WriteCrlf(destination, ref pos);
                    break;
                case RespType.Integer:
                    WriteLine(destination, ref pos, (byte)':', value.Integer);
                    break;
                case RespType.BulkString:
                    WriteBulk(destination, ref pos, value.Bytes!);
                    break;
                case RespType.Array:
                    WriteLine(destination, ref pos, (byte)'*', value.Items.Count);
                    foreach (RespValue item in value.Items) WriteReply(destination, ref pos, item);
                    break;
                default:
                    WriteLine(destination, ref pos, (byte)'$', -1);
                    break;
            }
        }

        private static void RequireSingleLine(RespValue value)
        {
            if (value.Bytes!.AsSpan().IndexOfAny((byte)'\r', (byte)'\n') >= 0)
            {
                throw new ArgumentException($"a RESP {value.Type} cannot contain CR or LF: {value.Text}", nameof(value));
            }
        }

        private static int HeaderLength(int count) => 1 + IntegerDigits(count) + 2;

        private static int BulkLength(int payload) => HeaderLength(payload) + payload + 2;

        private static int IntegerDigits(long value) =>
            value < 0 ? 1 + ElectFieldText.CountDigits(Magnitude(value)) : ElectFieldText.CountDigits((ulong)value);

        private static ulong Magnitude(long negative) => unchecked((ulong)(-(negative + 1)) + 1);

        private static void WriteLine(Span<byte> destination, ref int pos, byte marker, long value)
        {
            destination[pos++] = marker;
            if (value < 0)
            {
                destination[pos++] = (byte)'-';
                pos += ElectFieldText.WriteDigits(destination, pos, Magnitude(value));
            }
            else
            {
                pos += ElectFieldText.WriteDigits(destination, pos, (ulong)value);
            }
            WriteCrlf(destination, ref pos);
        }

        private static void WriteBulk(Span<byte> destination, ref int pos, byte[] payload)
        {
            WriteLine(destination, ref pos, (byte)'$', payload.Length);
            payload.AsSpan().CopyTo(destination.Slice(pos));
            pos += payload.Length;
            WriteCrlf(destination, ref pos);
        }

        private static void WriteCrlf(Span<byte> destination, ref int pos)
        {
            destination[pos++] = (byte)'\r';
            destination[pos++] = (byte)'\n';
        }
    }
}
