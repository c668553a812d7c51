using System.Text.Json;
using KevyElect.Protocol;

namespace KevyElect.Tests.DataPlane;

/// <summary>The recorded replies of a real 3-node quorum (tests/vectors/data-plane-replies.jsonl).</summary>
internal static class DataPlaneVectors
{
    internal sealed record Vector(string Case, int NodeClientPort, string Command, byte[] Reply);

    private static readonly Lazy<IReadOnlyList<Vector>> All = new(Load);

    internal static IReadOnlyList<Vector> Vectors => All.Value;

    internal static Vector Get(string caseName) => Vectors.Single(v => v.Case == caseName);

    internal static IEnumerable<Vector> WithCommand(string command) => Vectors.Where(v => v.Command == command);

    internal static RespValue Decode(Vector v)
    {
        RespReadStatus status = RespReader.TryReadReply(v.Reply, out RespValue? value, out int consumed);
        if (status != RespReadStatus.Complete || consumed != v.Reply.Length)
            throw new InvalidOperationException($"{v.Case}: reply does not decode ({status}, {consumed}/{v.Reply.Length})");
        return value!;
    }

    private static List<Vector> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "vectors", "data-plane-replies.jsonl");
        var list = new List<Vector>();
        foreach (string line in File.ReadLines(path))
        {
            if (line.Trim().Length == 0) continue;
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            list.Add(new Vector(
                root.GetProperty("case").GetString()!,
                root.GetProperty("node_client_port").GetInt32(),
                root.GetProperty("command").GetString()!,
                Convert.FromHexString(root.GetProperty("reply_hex").GetString()!)));
        }
        return list;
    }
}
