using System.Globalization;
using System.Text.RegularExpressions;
using KevyElect.Protocol;

namespace KevyElect.Tests.Conformance;

/// <summary>
/// The shape of a ROLE or INFO replication reply, with what changes from run to run (hosts, ports, offsets, ids) left
/// out and what an operator reads (roles, link states, field names) kept: two replies of the same shape parse alike.
/// </summary>
internal static class ReplyShape
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal) { "master", "slave", "connect", "connecting", "sync", "connected" };
    private static readonly HashSet<string> KeptInfoValues = new(StringComparer.Ordinal)
    {
        "role", "master_link_status", "master_sync_in_progress", "slave_read_only",
    };

    /// <summary>A reply of ROLE (or any reply): <c>[master, int, [[bulk, bulk, bulk] x2]]</c>, <c>-LOADING</c>, <c>no answer</c>.</summary>
    public static string Of(RespValue? reply)
    {
        if (reply == null) return "no answer";
        switch (reply.Type)
        {
            case RespType.Error:
                return "-" + (reply.Text ?? "").Split(' ')[0];
            case RespType.Integer:
                return "int";
            case RespType.Null:
                return "nil";
            case RespType.Array:
                return "[" + string.Join(", ", Group(reply.Items.Select(Of))) + "]";
            default:
                string text = reply.Text ?? "";
                return text.Length == 0 ? "''" : Words.Contains(text) ? text : "bulk";
        }
    }

    /// <summary>
    /// INFO replication: its field names in order, the values of role, link status, sync and read-only flags kept, and each
    /// replica line as its keys with its state (<c>slave*:ip,port,state=online,offset,sent,lag</c>).
    /// </summary>
    public static string OfInfo(RespValue? reply)
    {
        if (reply == null || reply.IsError || reply.Type != RespType.BulkString) return Of(reply);
        var fields = new List<string>();
        foreach (string line in (reply.Text ?? "").Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int colon = line.IndexOf(':');
            string key = colon < 0 ? line : line[..colon];
            string value = colon < 0 ? "" : line[(colon + 1)..];
            if (key.StartsWith("slave", StringComparison.Ordinal) && key.Length > 5 && key[5..].All(char.IsDigit))
                fields.Add("slave*:" + string.Join(",", value.Split(',').Select(kv => kv.StartsWith("state=", StringComparison.Ordinal) ? kv : kv.Split('=')[0])));
            else
                fields.Add(KeptInfoValues.Contains(key) ? key + ":" + value : key);
        }
        return string.Join(" ", Group(fields));
    }

    /// <summary>
    /// <paramref name="shape"/> with every replica state as <c>*</c> and a run of replica lines as one: before the first election
    /// the server lists its replicas as they connect, one or both, syncing or online, from run to run.
    /// </summary>
    public static string WithoutReplicaStatesOrCount(string shape) =>
        Regex.Replace(Regex.Replace(shape, @"state=\w+", "state=*"), @"(slave\*:\S+) x\d+", "$1");

    /// <summary>A run of equal items as one, with its count (<c>[bulk, bulk, bulk] x2</c> for two replicas).</summary>
    private static IEnumerable<string> Group(IEnumerable<string> items)
    {
        string? current = null;
        int count = 0;
        foreach (string item in items)
        {
            if (item == current)
            {
                count++;
                continue;
            }
            if (current != null) yield return count > 1 ? current + " x" + count : current;
            current = item;
            count = 1;
        }
        if (current != null) yield return count > 1 ? current + " x" + count : current;
    }
}
