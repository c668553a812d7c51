using System.Text;
using KevyElect.Protocol;

namespace KevyElect.Tests.Robustness;

/// <summary>
/// A seeded generator of elect frames built to hurt a decoder: counts and bulk lengths at, just past
/// and far past the limits, payloads that claim half a gigabyte and bring a few bytes, negative and
/// zero-padded headers, mutated and random bytes. Each case carries the verdict it must get when
/// one is certain, or null when any of the five failure kinds (or a success) is acceptable.
/// </summary>
internal sealed class HostileFrames
{
    internal sealed record Case(string Kind, byte[] Bytes, DecodeErrorKind? Expected, ElectMessage? ExpectedMessage = null);

    private const long MaxBulk = RespReader.MaxBulkLength;
    private const int MaxCount = RespReader.MaxArrayCount;
    private static readonly string[] Verbs = ["HB", "OFFER", "ACCEPT", "ANNOUNCE"];
    private static readonly string[] Roles = ["primary", "replica", "candidate"];

    private readonly Random _random;
    private readonly List<byte> _bytes = new(512);

    public HostileFrames(int seed) => _random = new Random(seed);

    public Case Next() => _random.Next(12) switch
    {
        11 => WrongTerminator(complete: true),
        10 => WrongTerminator(complete: false),
        9 => DamagedField(),
        0 => CountOverLimit(),
        1 => BulkOverLimit(),
        2 => ClaimedPayloadNotThere(),
        3 => NegativeBulkLength(),
        4 => OnlyNullArrays(),
        5 => PaddedButValid(),
        6 => MutatedLengthDigits(),
        7 => RespAlphabetNoise(),
        _ => CountWithinLimitElementsMissing(),
    };

    private Case CountOverLimit()
    {
        Start();
        Append("*" + OverLimitDigits(MaxCount));
        if (_random.Next(2) == 0) Append("\r\n" + Bulk("HB"));
        return Done("count over 1048576", DecodeErrorKind.Bad);
    }

    private Case BulkOverLimit()
    {
        Start();
        int count = _random.Next(1, 6);
        Append($"*{count}\r\n");
        AppendValidBulks(_random.Next(count));
        Append("$" + OverLimitDigits(MaxBulk));
        if (_random.Next(2) == 0) { Append("\r\n"); AppendNoise(_random.Next(64), crlfFree: false); }
        return Done("bulk length over 512 MiB", DecodeErrorKind.Bad);
    }

    private Case ClaimedPayloadNotThere()
    {
        Start();
        int count = _random.Next(4) == 0 ? _random.Next(1, MaxCount + 1) : _random.Next(1, 6);
        Append($"*{count}\r\n");
        AppendValidBulks(Math.Min(count - 1, _random.Next(4)));
        int present = _random.Next(257);
        long claimed = _random.Next(3) switch
        {
            0 => MaxBulk,
            1 => 536_870_000,
            _ => present + 1 + (long)(_random.NextDouble() * (MaxBulk - present - 1)),
        };
        Append($"${claimed}\r\n");
        AppendNoise(present, crlfFree: false);
        return Done("bulk claims more than is present", DecodeErrorKind.Truncated);
    }

    /// <summary>
    /// A valid frame cut just after one field's data, whose first terminator byte is wrong: Truncated
    /// while the second byte is missing (completeness comes first), Bad once it is there.
    /// </summary>
    private Case WrongTerminator(bool complete)
    {
        Start();
        byte[] frame = ElectCodec.Encode(RandomMessage());
        // The random ids and addresses hold no '$', so each '$' starts a field.
        int[] fieldStarts = Enumerable.Range(0, frame.Length).Where(i => frame[i] == (byte)'$').ToArray();
        int dollar = fieldStarts[_random.Next(fieldStarts.Length)];
        int eol = Array.IndexOf(frame, (byte)'\n', dollar);
        int length = int.Parse(Encoding.ASCII.GetString(frame, dollar + 1, eol - 1 - (dollar + 1)), CultureInfo.InvariantCulture);
        int terminator = eol + 1 + length;
        _bytes.AddRange(frame.AsSpan(0, terminator).ToArray());
        _bytes.Add((byte)"x\n$*0 "[_random.Next(6)]);
        if (complete) _bytes.Add((byte)_random.Next(256));
        return complete
            ? Done("wrong terminator, both bytes there", DecodeErrorKind.Bad)
            : Done("wrong terminator byte, its partner still missing", DecodeErrorKind.Truncated);
    }

    private Case NegativeBulkLength()
    {
        Start();
        Append($"*{_random.Next(1, 6)}\r\n${-1 - _random.Next(1000)}\r\n");
        return Done("negative bulk length", DecodeErrorKind.Bad);
    }

    private Case OnlyNullArrays()
    {
        Start();
        int n = _random.Next(1, 8);
        for (int i = 0; i < n; i++)
        {
            Append(_random.Next(3) switch
            {
                0 => "*0\r\n",
                1 => $"*-{(ulong)_random.NextInt64(1, long.MaxValue)}\r\n",
                _ => "\r\n",
            });
        }
        return Done("null arrays and blank lines only", DecodeErrorKind.Truncated);
    }

    private Case PaddedButValid()
    {
        Start();
        ElectMessage message = RandomMessage();
        string[] fields = Fields(message);
        Append("*" + Pad(fields.Length.ToString(CultureInfo.InvariantCulture)) + "\r\n");
        foreach (string field in fields)
        {
            byte[] payload = Encoding.UTF8.GetBytes(field);
            Append("$" + Pad(payload.Length.ToString(CultureInfo.InvariantCulture)) + "\r\n");
            _bytes.AddRange(payload);
            Append("\r\n");
        }
        return Done("zero-padded and +-signed headers", null, message);
    }

    private Case MutatedLengthDigits()
    {
        Start();
        _bytes.AddRange(ElectCodec.Encode(RandomMessage()));
        int digitRuns = _random.Next(1, 4);
        for (int i = 0; i < digitRuns; i++)
        {
            int at = _bytes.FindIndex(_random.Next(_bytes.Count), b => b == (byte)'$' || b == (byte)'*');
            if (at < 0) continue;
            string digits = _random.Next(4) switch
            {
                0 => OverLimitDigits(MaxBulk),
                1 => "536870000",
                2 => "-" + _random.Next(100),
                _ => new string('9', _random.Next(1, 30)),
            };
            _bytes.InsertRange(at + 1, Encoding.ASCII.GetBytes(digits));
        }
        if (_random.Next(2) == 0)
        {
            int cut = _random.Next(_bytes.Count);
            _bytes.RemoveRange(cut, _bytes.Count - cut);
        }
        return Done("valid frame with length digits inserted", null);
    }

    private Case RespAlphabetNoise()
    {
        Start();
        const string Alphabet = "*$0123456789-+\r\n\r\nHBhb ";
        int n = _random.Next(1, 96);
        for (int i = 0; i < n; i++) _bytes.Add((byte)Alphabet[_random.Next(Alphabet.Length)]);
        return Done("RESP-alphabet noise", null);
    }

    /// <summary>A well-formed array whose content is wrong in exactly one way, so its verdict is certain.</summary>
    private Case DamagedField()
    {
        Start();
        ElectMessage message = RandomMessage();
        var fields = Fields(message).ToList();
        string[] badNumbers = ["18446744073709551616", "-1", "1 2", "0x10", "1e9", "99999999999999999999999"];
        string[] badRoles = ["leader", "primaryy", "replica ", "master", "follower"];
        DecodeErrorKind expected;
        switch (_random.Next(4))
        {
            case 0:
                fields[1] = badNumbers[_random.Next(badNumbers.Length)];
                expected = DecodeErrorKind.BadNumeric;
                break;
            case 1 when message is HbMessage:
                fields[3] = badRoles[_random.Next(badRoles.Length)];
                expected = DecodeErrorKind.BadRole;
                break;
            case 2:
                fields[0] = _random.Next(2) == 0 ? "VOTE" : "HEARTBEAT";
                expected = DecodeErrorKind.WrongShape;
                break;
            default:
                if (_random.Next(2) == 0) fields.RemoveAt(fields.Count - 1);
                else fields.Add("extra");
                expected = DecodeErrorKind.WrongShape;
                break;
        }
        Append($"*{fields.Count}\r\n");
        foreach (string f in fields) Append(Bulk(f));
        return Done("one damaged field", expected);
    }

    private Case CountWithinLimitElementsMissing()
    {
        Start();
        int count = _random.Next(2) == 0 ? MaxCount : _random.Next(6, MaxCount);
        Append($"*{count}\r\n");
        AppendValidBulks(_random.Next(5));
        return Done("count within the limit, elements missing", DecodeErrorKind.Truncated);
    }

    /// <summary>A decimal strictly greater than <paramref name="limit"/>: just past it, random, or too long for 64 bits.</summary>
    private string OverLimitDigits(long limit) => _random.Next(4) switch
    {
        0 => (limit + 1).ToString(CultureInfo.InvariantCulture),
        1 => ((ulong)limit + 1 + (ulong)_random.NextInt64(0, long.MaxValue)).ToString(CultureInfo.InvariantCulture),
        2 => "1" + new string('0', _random.Next(20, 40)),
        _ => ((ulong)limit + (ulong)_random.Next(1, 1 << 30)).ToString(CultureInfo.InvariantCulture),
    };

    private string Pad(string digits) => (_random.Next(2) == 0 ? "+" : "") + new string('0', _random.Next(0, 25)) + digits;

    private void AppendValidBulks(int n)
    {
        for (int i = 0; i < n; i++) Append(Bulk(i == 0 ? Verbs[_random.Next(Verbs.Length)] : _random.NextInt64().ToString(CultureInfo.InvariantCulture)));
    }

    private void AppendNoise(int n, bool crlfFree)
    {
        for (int i = 0; i < n; i++)
        {
            byte b = (byte)_random.Next(256);
            _bytes.Add(crlfFree && (b == '\r' || b == '\n') ? (byte)'x' : b);
        }
    }

    private ElectMessage RandomMessage()
    {
        ulong epoch = (ulong)_random.NextInt64();
        ulong offset = (ulong)_random.NextInt64();
        string id = "node-" + _random.Next(100);
        return _random.Next(4) switch
        {
            0 => new HbMessage(epoch, id, (ElectRole)_random.Next(3), offset),
            1 => new OfferMessage(epoch, id, offset),
            2 => new AcceptMessage(epoch, id),
            _ => new AnnounceMessage(epoch, id, "127.0.0.1:" + _random.Next(1, 65536)),
        };
    }

    private static string[] Fields(ElectMessage m) => m switch
    {
        HbMessage hb => ["HB", hb.Epoch.ToString(CultureInfo.InvariantCulture), hb.NodeId, Roles[(int)hb.GetRole()], hb.ReplOffset.ToString(CultureInfo.InvariantCulture)],
        OfferMessage o => ["OFFER", o.Epoch.ToString(CultureInfo.InvariantCulture), o.CandidateId, o.ReplOffset.ToString(CultureInfo.InvariantCulture)],
        AcceptMessage a => ["ACCEPT", a.Epoch.ToString(CultureInfo.InvariantCulture), a.AccepterId],
        AnnounceMessage a => ["ANNOUNCE", a.Epoch.ToString(CultureInfo.InvariantCulture), a.NewPrimaryId, a.NewPrimaryAddr],
        _ => throw new ArgumentException("unknown message", nameof(m)),
    };

    private static string Bulk(string s) => $"${Encoding.UTF8.GetByteCount(s)}\r\n{s}\r\n";

    private void Start() => _bytes.Clear();

    private void Append(string ascii) => _bytes.AddRange(Encoding.UTF8.GetBytes(ascii));

    private Case Done(string kind, DecodeErrorKind? expected, ElectMessage? message = null) => new(kind, _bytes.ToArray(), expected, message);
}
