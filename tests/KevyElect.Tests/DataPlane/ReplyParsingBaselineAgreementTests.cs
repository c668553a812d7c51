using System.Text;
using CsCheck;
using KevyElect.DataPlane;
using KevyElect.Protocol;
using KevyElect.Tests.Protocol;
using KevyElect.Tests.Robustness;
using Xunit;
using Baseline = KevyElect.Bench.Baseline;

namespace KevyElect.Tests.DataPlane;

/// <summary>
/// The rewritten RESP reply reader and ROLE / INFO replication parsing against the copy of the
/// previous ones that the benchmarks measure them against (bench/KevyElect.Bench/Baseline): the same
/// values, the same typed views and the same error messages, on the recorded replies and on
/// generated ones.
/// </summary>
public class ReplyParsingBaselineAgreementTests
{
    public static IEnumerable<object[]> Replies() => DataPlaneVectors.Vectors.Select(v => new object[] { v.Case });

    [Theory]
    [MemberData(nameof(Replies))]
    public void Every_recorded_reply_reads_and_parses_as_the_baseline(string caseName) =>
        AssertSameAsBaseline(DataPlaneVectors.Get(caseName).Reply);

    [Fact]
    public void Generated_role_shaped_replies_read_and_parse_as_the_baseline() =>
        ElectGen.Seeded(RoleShaped, 5000, 0x201E, reply =>
        {
            byte[] wire = RespWriter.Reply(reply);
            AssertSameAsBaseline(wire);

            // A reply built in code (not read off the wire) parses as the same bytes read.
            RespReader.TryReadReply(wire, out RespValue? read, out _);
            Assert.Equal(Outcome(() => RoleReply.Parse(read!)), Outcome(() => RoleReply.Parse(reply)));
        });

    [Fact]
    public void Primary_replies_in_kevys_form_take_the_one_pass_read_and_parse_as_the_baseline() =>
        ElectGen.Seeded(KevyMasterForm, 3000, 0x3A57, reply =>
        {
            byte[] wire = RespWriter.Reply(reply);
            Assert.True(TakesOnePass(wire), Convert.ToHexString(wire));
            AssertSameAsBaseline(wire);
        });

    [Theory]
    [InlineData("*3\r\n$6\r\nmaster\r\n:3\r\n*1\r\n*3\r\n$0\r\n\r\n$1\r\n1\r\n$1\r\n3\r\n")]            // empty host
    [InlineData("*3\r\n$6\r\nmaster\r\n:3\r\n*1\r\n*3\r\n$1\r\nh\r\n$5\r\n70000\r\n$1\r\n3\r\n")]     // port past 65535
    [InlineData("*3\r\n$6\r\nmaster\r\n:3\r\n*1\r\n*3\r\n$1\r\nh\r\n$2\r\n+1\r\n$1\r\n3\r\n")]       // signed port
    [InlineData("*3\r\n$6\r\nmaster\r\n:-3\r\n*0\r\n")]                                                    // negative offset
    [InlineData("*3\r\n$6\r\nmaster\r\n$1\r\n3\r\n*0\r\n")]                                              // offset as a bulk string
    [InlineData("*3\r\n$6\r\nmaster\r\n:3\r\n*1\r\n*3\r\n$1\r\nh\r\n:1\r\n:3\r\n")]                 // integer port and offset
    [InlineData("*3\r\n$6\r\nmaster\r\n:3\r\n*-1\r\n")]                                                     // null list
    public void Primary_replies_in_other_forms_leave_the_one_pass_read_and_parse_as_the_baseline(string text)
    {
        byte[] wire = Wire.Bytes(text);
        Assert.False(TakesOnePass(wire));
        AssertSameAsBaseline(wire);
    }

    private static unsafe bool TakesOnePass(byte[] wire)
    {
        fixed (byte* p = wire) return RoleReplyMasterForm.TryRead(p, wire.Length) is not null;
    }

    [Fact]
    public void Generated_info_texts_parse_as_the_baseline() =>
        ElectGen.Seeded(InfoText, 5000, 0x1AF0, text =>
        {
            Assert.Equal(Outcome(() => Baseline.ReplicationInfo.Parse(text)), Outcome(() => ReplicationInfo.Parse(text)));
            byte[] wire = RespWriter.Reply(RespValue.Bulk(text));
            AssertSameAsBaseline(wire);
        });

    [Fact]
    public void Hostile_frames_read_as_replies_as_the_baseline()
    {
        var hostile = new HostileFrames(0x4E91);
        for (int i = 0; i < 20_000; i++) AssertSameAsBaseline(hostile.Next().Bytes);
        ElectGen.Seeded(Gen.Byte.Array[0, 48], 20_000, 0x4E92, AssertSameAsBaseline);
    }

    private static void AssertSameAsBaseline(byte[] wire)
    {
        RespReadStatus status = RespReader.TryReadReply(wire, out RespValue? value, out int consumed);
        RespReadStatus before = Baseline.RespReader.TryReadReply(wire, out Baseline.RespValue? old, out int oldConsumed);
        string where = Convert.ToHexString(wire);
        Assert.True(before == status, $"{where}: {status}, the baseline {before}");
        Assert.Equal(oldConsumed, consumed);
        if (status != RespReadStatus.Complete) return;

        Assert.Equal(Show(old!), Show(value!));
        Assert.Equal(Outcome(() => Baseline.RoleReply.Parse(old!)), Outcome(() => RoleReply.Parse(value!)));
        Assert.Equal(Outcome(() => Baseline.ReplicationInfo.Parse(old!)), Outcome(() => ReplicationInfo.Parse(value!)));
    }

    /// <summary>A value tree in words: type, payload bytes, integer and elements, recursively.</summary>
    private static string Show(RespValue v) => v.Type switch
    {
        RespType.Array => "[" + string.Join(",", v.Items.Select(Show)) + "]",
        RespType.Integer => ":" + v.Integer,
        RespType.Null => "nil",
        _ => v.Type + ":" + Convert.ToHexString(v.Bytes!),
    };

    private static string Show(Baseline.RespValue v) => v.Type switch
    {
        Baseline.RespType.Array => "[" + string.Join(",", v.Items.Select(Show)) + "]",
        Baseline.RespType.Integer => ":" + v.Integer,
        Baseline.RespType.Null => "nil",
        _ => v.Type + ":" + Convert.ToHexString(v.Bytes!),
    };

    /// <summary>What a parse gave: every property of the typed view, or the exception's type and message.</summary>
    private static string Outcome(Func<object> parse)
    {
        object result;
        try { result = parse(); }
        catch (Exception e) { return e.GetType().Name + ": " + e.Message; }
        return result switch
        {
            RoleReply r => $"{r.Kind} {r.Offset} [{string.Join(";", r.Replicas)}] {r.PrimaryHost} {r.PrimaryPort} {r.LinkState} {r.LinkStateText}",
            Baseline.RoleReply r => $"{r.Kind} {r.Offset} [{string.Join(";", r.Replicas)}] {r.PrimaryHost} {r.PrimaryPort} {r.LinkState} {r.LinkStateText}",
            ReplicationInfo i => Show(i.Role, i.ConnectedSlaves, i.Slaves, i.MasterReplId, i.MasterReplOffset, i.MasterHost, i.MasterPort,
                i.MasterLinkStatus, i.MasterLastIoSecondsAgo, i.MasterSyncInProgress, i.SlaveReadOnly, i.SlaveReplOffset, i.SlaveLagFrames, i.Other),
            Baseline.ReplicationInfo i => Show(i.Role, i.ConnectedSlaves, i.Slaves, i.MasterReplId, i.MasterReplOffset, i.MasterHost, i.MasterPort,
                i.MasterLinkStatus, i.MasterLastIoSecondsAgo, i.MasterSyncInProgress, i.SlaveReadOnly, i.SlaveReplOffset, i.SlaveLagFrames, i.Other),
            _ => throw new ArgumentException("unexpected result " + result.GetType(), nameof(parse)),
        };
    }

    private static string Show(ReplicationRole role, int? connected, IReadOnlyList<ReplicationInfoSlave> slaves, params object?[] rest)
    {
        var sb = new StringBuilder($"{role} {connected} [{string.Join(";", slaves)}]");
        foreach (object? o in rest)
        {
            sb.Append(' ').Append(o is IReadOnlyDictionary<string, string> d
                ? "{" + string.Join(",", d.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)) + "}"
                : o?.ToString() ?? "null");
        }
        return sb.ToString();
    }

    private static readonly Gen<string> Texts = Gen.OneOf(
        Gen.OneOf(Gen.Const("master"), Gen.Const("slave"), Gen.Const("sentinel"), Gen.Const("127.0.0.1"), Gen.Const("::1"), Gen.Const(""),
            Gen.Const("connect"), Gen.Const("sync"), Gen.Const("connected"), Gen.Const("handshake"), Gen.Const("héllo")),
        Gen.OneOf(Gen.Const("17014"), Gen.Const("+7"), Gen.Const("-3"), Gen.Const(" 8"), Gen.Const("70000"), Gen.Const("65535"),
            Gen.Const("99999999999999999999"), Gen.Const("0x1"), Gen.Const("007")),
        Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)));

    private static readonly Gen<RespValue> Scalar = Gen.Frequency(
        (6, Texts.Select(RespValue.Bulk)),
        (2, Texts.Where(t => t.Length > 0).Select(RespValue.Simple)),
        (3, Gen.OneOf(Gen.Long, Gen.Long[-5, 70_000]).Select(RespValue.Int)),
        (1, Gen.Const(RespValue.Null)),
        (1, Gen.Const(RespValue.Err("ERR nope"))));

    private static readonly Gen<RespValue> Triple = Gen.Frequency(
        (5, Gen.Select(Texts, Scalar, Scalar, (host, port, offset) => RespValue.Array([RespValue.Bulk(host), port, offset]))),
        (1, Scalar.Array[0, 4].Select(items => RespValue.Array(items))));

    /// <summary>ROLE replies of both shapes, right and wrong in every element.</summary>
    private static readonly Gen<RespValue> RoleShaped = Gen.Frequency(
        (4, Gen.Select(Scalar, Triple.Array[0, 4], (offset, triples) =>
            RespValue.Array([RespValue.Bulk("master"), offset, RespValue.Array(triples)]))),
        (4, Gen.Select(Texts, Scalar, Scalar, Scalar, (host, port, state, offset) =>
            RespValue.Array([RespValue.Bulk("slave"), RespValue.Bulk(host), port, state, offset]))),
        (2, Gen.Select(Scalar, Scalar.Array[0, 5], (kind, rest) => RespValue.Array([kind, .. rest]))),
        (1, Scalar));

    /// <summary>A primary's ROLE as kevy writes it: an integer offset and up to nine [ip, port, offset] triples of bulk strings (offsets of up to 18 digits).</summary>
    private static readonly Gen<RespValue> KevyMasterForm = Gen.Select(
        Gen.Long[0, 999_999_999_999_999_999],
        Gen.Select(
            Gen.OneOf(Gen.Const("127.0.0.1"), Gen.Const("::1"), Gen.Const("10.0.0.12"), Gen.String[Gen.Char['a', 'z'], 1, 99]),
            Gen.Int[0, 65535],
            Gen.Long[0, 999_999_999_999_999_999],
            (host, port, offset) => RespValue.Array([RespValue.Bulk(host), RespValue.Bulk(port.ToString(CultureInfo.InvariantCulture)), RespValue.Bulk(offset.ToString(CultureInfo.InvariantCulture))])).Array[0, 9],
        (offset, triples) => RespValue.Array([RespValue.Bulk("master"), RespValue.Int(offset), RespValue.Array(triples)]));

    private static readonly Gen<string> InfoValue = Gen.OneOf(
        Texts, Gen.Const("0"), Gen.Const("1"), Gen.Const(" 1 "), Gen.Const("up"), Gen.Const("down"), Gen.Const("\u00a05"),
        Gen.Const("ip=127.0.0.1,port=17014,state=online,offset=3,sent=3,lag=0"),
        Gen.Const("ip=10.0.0.2,port=1,state=syncing,offset=x"), Gen.Const("port=1,state=online"), Gen.Const("ip=a,port=70000"),
        Gen.Const("ip=a,port=2,offset=5,offset=6,,=x,lag= 4"), Gen.Const("ip=a"));

    private static readonly Gen<string> InfoKey = Gen.OneOf(
        Gen.OneOf(Gen.Const("role"), Gen.Const("connected_slaves"), Gen.Const("master_replid"), Gen.Const("master_repl_offset"),
            Gen.Const("master_host"), Gen.Const("master_port"), Gen.Const("master_link_status"), Gen.Const("master_last_io_seconds_ago")),
        Gen.OneOf(Gen.Const("master_sync_in_progress"), Gen.Const("slave_read_only"), Gen.Const("slave_repl_offset"),
            Gen.Const("slave_lag_frames"), Gen.Const("redis_version"), Gen.Const("slave"), Gen.Const("slavex")),
        Gen.Int[0, 12].Select(i => "slave" + i), Gen.Const("slave99999999999"));

    /// <summary>INFO texts: known, slave and other keys with good and bad values, headers, blank and colon-less lines, CRLF or LF.</summary>
    private static readonly Gen<string> InfoText = Gen.Select(
        Gen.Frequency(
            (8, Gen.Select(InfoKey, InfoValue, (k, v) => k + ":" + v)),
            (3, InfoValue.Select(v => "role:" + (v.Length % 2 == 0 ? "master" : "slave"))),
            (1, Gen.OneOf(Gen.Const("# Replication"), Gen.Const(""), Gen.Const("no colon here"), Gen.Const(":leading")))).Array[0, 12],
        Gen.Bool,
        (lines, crlf) => string.Join(crlf ? "\r\n" : "\n", lines));
}
