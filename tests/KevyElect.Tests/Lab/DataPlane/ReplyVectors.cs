using Xunit;
using System.Text;
using System.Text.Json;
using KevyElect.Protocol;

namespace KevyElect.Tests.Lab.DataPlane;

/// <summary>The reference server's data-plane replies, and comparisons that tolerate the lab's ports.</summary>
internal static class ReplyVectors
{
    private static readonly Lazy<Dictionary<string, byte[]>> All = new(() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "vectors", "data-plane-replies.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("case").GetString()!, r => Convert.FromHexString(r.GetProperty("reply_hex").GetString()!)));

    public static byte[] Bytes(string caseName) => All.Value[caseName];

    /// <summary>Maps the vector cluster's client and replication ports to the lab's.</summary>
    public static Dictionary<string, string> PortMap(LabFixture lab)
    {
        var map = new Dictionary<string, string>();
        for (int i = 0; i < 3; i++)
        {
            int port = lab.Port("n" + (i + 1));
            map[(17004 + 10 * i).ToString(CultureInfo.InvariantCulture)] = port.ToString(CultureInfo.InvariantCulture);
            map[(27004 + 10 * i).ToString(CultureInfo.InvariantCulture)] = (port + 10000).ToString(CultureInfo.InvariantCulture);
        }
        return map;
    }

    /// <summary>The vector's reply with the ports of the lab substituted (bulk lengths recomputed).</summary>
    public static byte[] WithPorts(string caseName, LabFixture lab) =>
        RespWriter.Reply(Substitute(RespTestClient.Parse(Bytes(caseName)), PortMap(lab)));

    /// <summary>
    /// Asserts the same layout as the vector: same types and counts, same texts (ports mapped), INFO
    /// with the same fields in the same order and the same trailing lines; numbers other than ports
    /// only need to be numbers.
    /// </summary>
    /// <remarks>
    /// <paramref name="anyReplicaOrder"/> compares INFO's slave lines as a set: the order in which
    /// replicas attach is a race the lab does not reproduce.
    /// </remarks>
    public static void AssertSameShape(string caseName, LabFixture lab, RespValue actual, bool anyReplicaOrder = false)
    {
        var expected = Substitute(RespTestClient.Parse(Bytes(caseName)), PortMap(lab));
        AssertShape(expected, actual, caseName, anyReplicaOrder);
    }

    private static void AssertShape(RespValue expected, RespValue actual, string where, bool anyReplicaOrder)
    {
        Assert.True(expected.Type == actual.Type, $"{where}: expected {expected.Type} got {actual.Type} ({actual})");
        switch (expected.Type)
        {
            case RespType.Array:
                Assert.True(expected.Items.Count == actual.Items.Count, $"{where}: expected {expected} got {actual}");
                for (int i = 0; i < expected.Items.Count; i++) AssertShape(expected.Items[i], actual.Items[i], $"{where}[{i}]", anyReplicaOrder);
                break;
            case RespType.Integer:
                if (expected.Integer >= 10000) Assert.Equal(expected.Integer, actual.Integer); // a port
                break;
            case RespType.BulkString when expected.Text!.Contains("\r\n"):
                AssertInfoShape(expected.Text!, actual.Text!, where, anyReplicaOrder);
                break;
            default:
                if (!(IsNumber(expected.Text!) && IsNumber(actual.Text!))) Assert.Equal(expected.Text, actual.Text);
                break;
        }
    }

    private static void AssertInfoShape(string expected, string actual, string where, bool anyReplicaOrder)
    {
        var e = expected.Split("\r\n");
        var a = actual.Split("\r\n");
        if (anyReplicaOrder)
        {
            e = SortReplicaLines(e);
            a = SortReplicaLines(a);
        }
        Assert.True(e.Length == a.Length, $"{where}: expected\n{expected}\ngot\n{actual}");
        for (int i = 0; i < e.Length; i++)
        {
            var ef = Fields(e[i]);
            var af = Fields(a[i]);
            Assert.True(ef.Count == af.Count, $"{where}: line '{a[i]}' vs '{e[i]}'");
            for (int j = 0; j < ef.Count; j++)
            {
                Assert.True(ef[j].Key == af[j].Key, $"{where}: line '{a[i]}' vs '{e[i]}'");
                bool sameNumberKind = IsNumber(ef[j].Value) && IsNumber(af[j].Value) && !ef[j].Key.EndsWith("port", StringComparison.Ordinal);
                Assert.True(sameNumberKind || ef[j].Value == af[j].Value, $"{where}: line '{a[i]}' vs '{e[i]}'");
            }
        }
    }

    private static string[] SortReplicaLines(string[] lines)
    {
        bool IsReplica(string l) => l.StartsWith("slave", StringComparison.Ordinal) && l.Length > 5 && char.IsAsciiDigit(l[5]);
        var sorted = new Queue<string>(lines.Where(IsReplica).Select(l => l[(l.IndexOf(':') + 1)..]).Order(StringComparer.Ordinal));
        return lines.Select(l => IsReplica(l) ? l[..(l.IndexOf(':') + 1)] + sorted.Dequeue() : l).ToArray();
    }

    // "slave0:ip=..,port=.." -> [(slave0, ""), (ip, ..), (port, ..)]; "role:master" -> [(role, master)].
    private static List<(string Key, string Value)> Fields(string line)
    {
        int colon = line.IndexOf(':');
        if (colon < 0) return [(line, "")];
        string key = line[..colon], value = line[(colon + 1)..];
        if (!value.Contains('=')) return [(key, value)];
        var fields = new List<(string, string)> { (key, "") };
        fields.AddRange(value.Split(',').Select(kv => (kv[..kv.IndexOf('=')], kv[(kv.IndexOf('=') + 1)..])));
        return fields;
    }

    private static bool IsNumber(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static RespValue Substitute(RespValue v, Dictionary<string, string> map) => v.Type switch
    {
        RespType.Array => RespValue.Array(v.Items.Select(i => Substitute(i, map)).ToArray()),
        RespType.BulkString => RespValue.Bulk(SubstituteText(v.Text!, map)),
        _ => v,
    };

    private static string SubstituteText(string text, Dictionary<string, string> map)
    {
        // Whole numbers only, so 17004 never matches inside 170040.
        var sb = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i])) { sb.Append(text[i++]); continue; }
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            var number = text[start..i];
            bool partOfAddress = start > 0 && text[start - 1] == '.' || i < text.Length && text[i] == '.';
            sb.Append(!partOfAddress && map.TryGetValue(number, out var mapped) ? mapped : number);
        }
        return sb.ToString();
    }
}
