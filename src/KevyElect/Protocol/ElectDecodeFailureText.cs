using System;
using System.Globalization;
using System.Text;

namespace KevyElect.Protocol
{
    /// <summary>
    /// Says in words why a frame did not decode: which header or field, what it declared, what was
    /// there. A cold path for error messages: it parses the frame again, recording the detail the
    /// decoder's verdict leaves out.
    /// </summary>
    internal static class ElectDecodeFailureText
    {
        /// <summary>Most bytes of a field or header quoted in a message.</summary>
        private const int QuoteLimit = 40;

        private static readonly string[][] FieldNames =
        {
            new[] { "verb", "epoch", "node_id", "role", "repl_offset" },
            new[] { "verb", "new_epoch", "candidate_id", "repl_offset" },
            new[] { "verb", "epoch", "accepter_id" },
            new[] { "verb", "epoch", "new_primary_id", "new_primary_addr" },
        };

        /// <summary>Why <paramref name="input"/>, whose decode failed, failed: one clause, no final period.</summary>
        public static unsafe string Describe(ReadOnlySpan<byte> input)
        {
            var detail = default(RespParseDetail);
            Span<RespArg> args = stackalloc RespArg[5];
            RespReadStatus status = RespCommandParser.TryParse(input, args, out int count, out _, ref detail);
            if (status == RespReadStatus.Incomplete) return DescribeIncomplete(input.Length, detail);
            if (status == RespReadStatus.Malformed) return "not a RESP multi-bulk frame: " + DescribeMalformed(input, detail);

            ElectMessage? message;
            DecodeErrorKind error;
            int field;
            fixed (byte* frame = input)
            fixed (RespArg* parsed = args)
            {
                message = ElectMessageBuilder.Build(frame, parsed, count, out error, out field);
            }
            if (message is not null) return "the frame decodes";
            ReadOnlySpan<byte> verb = input.Slice(args[0].Start, args[0].Length);
            string[]? names = FieldsOf(verb);
            if (names is null)
            {
                return verb.IsEmpty ? "the verb is empty" : $"unknown verb '{Quote(verb)}': the verbs are HB, OFFER, ACCEPT and ANNOUNCE";
            }
            string verbName = Quote(verb).ToUpperInvariant();
            string value = Quote(input.Slice(args[field].Start, args[field].Length));
            return error switch
            {
                DecodeErrorKind.WrongShape => $"{verbName} takes {names.Length} elements, the verb and {names.Length - 1} fields; this frame has {count}",
                DecodeErrorKind.BadNumeric => $"{verbName}'s {names[field]} '{value}' is not an unsigned 64-bit decimal",
                _ => $"{verbName}'s role '{value}' is not primary, replica or candidate",
            };
        }

        private static string DescribeIncomplete(int left, RespParseDetail detail)
        {
            string element = $"element {detail.Field + 1} of {detail.Count}";
            return detail.Problem switch
            {
                RespParseProblem.OnlyEmpty => "no frame: the input holds only blank lines or empty arrays (*0, *-1)",
                RespParseProblem.InlineUnterminated => $"the input ends inside an inline frame, before its CRLF ({Bytes(left)} left)",
                RespParseProblem.ArrayHeader => $"the input ends inside the array header ({Bytes(left)} left)",
                RespParseProblem.FieldMissing => $"the input ends after {detail.Field} of {detail.Count} elements ({Bytes(left)} left)",
                RespParseProblem.FieldHeader => $"the input ends inside the length header of {element} ({Bytes(left)} left)",
                _ => $"the input ends inside {element}: it declares {Bytes(detail.Length)}, and {left - detail.DataStart} "
                    + $"of its {detail.Length + 2} bytes with CRLF are present",
            };
        }

        private static string DescribeMalformed(ReadOnlySpan<byte> input, RespParseDetail detail)
        {
            string element = $"element {detail.Field + 1} of {detail.Count}";
            return detail.Problem switch
            {
                RespParseProblem.ArrayHeader => "the array header " + DescribeNumber(input, detail.At + 1, RespReader.MaxArrayCount, "elements", allowsNegative: true),
                RespParseProblem.FieldNotBulk => $"{element} starts with {QuoteByte(input[detail.At])}, not '$'",
                RespParseProblem.FieldHeader => $"the length of {element} " + DescribeNumber(input, detail.At + 1, RespReader.MaxBulkLength, "bytes", allowsNegative: false),
                _ => $"{element} ({Bytes(detail.Length)}) is not followed by CRLF",
            };
        }

        private static string Bytes(long count) => count == 1 ? "1 byte" : $"{count} bytes";

        /// <summary>Why the number of a header starting at <paramref name="at"/> was refused, naming what it says.</summary>
        private static string DescribeNumber(ReadOnlySpan<byte> input, int at, long limit, string unit, bool allowsNegative)
        {
            int end = at;
            if (end < input.Length && (input[end] == (byte)'+' || input[end] == (byte)'-')) end++;
            int digitsStart = end;
            while (end < input.Length && (uint)(input[end] - (byte)'0') <= 9) end++;
            ReadOnlySpan<byte> number = input.Slice(at, end - at);
            if (end == digitsStart)
                return end < input.Length && input[end] != (byte)'\r' ? $"has {QuoteByte(input[end])} where a decimal must start" : "has no digits";
            if (input[at] == (byte)'-' && !allowsNegative) return $"is negative ({Quote(number)})";
            if (input[at] != (byte)'-' && IsOver(input.Slice(digitsStart, end - digitsStart), limit))
            {
                string over = unit == "bytes" ? $"{limit} bytes (512 MiB)" : $"{limit} {unit}";
                return $"declares {Quote(number)} {unit}, over the limit of {over}";
            }
            if (input[at] == (byte)'-') return $"declares {Quote(number)}, past the range of a 64-bit count";
            if (end >= input.Length) return $"is '{Quote(number)}' without its CRLF";
            return input[end] == (byte)'\r'
                ? $"is '{Quote(number)}' followed by a CR without LF"
                : $"is '{Quote(number)}' followed by {QuoteByte(input[end])}, not CRLF";
        }

        private static bool IsOver(ReadOnlySpan<byte> digits, long limit)
        {
            ulong value = 0;
            foreach (byte b in digits)
            {
                if (value > (ulong)limit) return true;
                value = value * 10 + (uint)(b - (byte)'0');
            }
            return value > (ulong)limit;
        }

        private static string[]? FieldsOf(ReadOnlySpan<byte> verb)
        {
            if (ElectRoleNames.AsciiEqualsLower(verb, "hb"u8)) return FieldNames[0];
            if (ElectRoleNames.AsciiEqualsLower(verb, "offer"u8)) return FieldNames[1];
            if (ElectRoleNames.AsciiEqualsLower(verb, "accept"u8)) return FieldNames[2];
            return ElectRoleNames.AsciiEqualsLower(verb, "announce"u8) ? FieldNames[3] : null;
        }

        private static ReadOnlySpan<byte> ArgBytes(ReadOnlySpan<byte> input, RespArg arg) => input.Slice(arg.Start, arg.Length);

        /// <summary>Printable ASCII as is, CR and LF as \r and \n, other bytes as \xNN; long text is cut with "...".</summary>
        private static string Quote(ReadOnlySpan<byte> bytes)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < bytes.Length && i < QuoteLimit; i++) sb.Append(Escape(bytes[i]));
            if (bytes.Length > QuoteLimit) sb.Append("...");
            return sb.ToString();
        }

        private static string QuoteByte(byte b) => "'" + Escape(b) + "'";

        private static string Escape(byte b) => b switch
        {
            (byte)'\r' => "\\r",
            (byte)'\n' => "\\n",
            _ when b >= 0x20 && b < 0x7F => ((char)b).ToString(),
            _ => "\\x" + b.ToString("X2", CultureInfo.InvariantCulture),
        };
    }
}
