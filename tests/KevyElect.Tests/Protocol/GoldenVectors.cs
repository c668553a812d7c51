using System.Text.Json;
using KevyElect.Protocol;

namespace KevyElect.Tests.Protocol;

/// <summary>Loads the wire vectors copied beside the test assembly.</summary>
internal static class GoldenVectors
{
    public sealed record ElectVector(string Case, ElectMessage Message, int Length, byte[] Bytes);

    public sealed record ReplyVector(string Case, string Command, byte[] Bytes);

    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "vectors", file);

    public static IReadOnlyList<ElectVector> Elect() => File.ReadLines(PathOf("elect-wire-golden.jsonl"))
        .Where(line => line.Trim().Length > 0)
        .Select(ParseElect)
        .ToList();

    public static IReadOnlyList<ReplyVector> Replies() => File.ReadLines(PathOf("data-plane-replies.jsonl"))
        .Where(line => line.Trim().Length > 0)
        .Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            return new ReplyVector(
                root.GetProperty("case").GetString()!,
                root.GetProperty("command").GetString()!,
                Convert.FromHexString(root.GetProperty("reply_hex").GetString()!));
        })
        .ToList();

    public static IEnumerable<object[]> ElectCases() => Elect().Select(v => new object[] { v.Case });

    public static ElectVector ElectCase(string name) => Elect().Single(v => v.Case == name);

    private static ElectVector ParseElect(string line)
    {
        using var doc = JsonDocument.Parse(line);
        JsonElement r = doc.RootElement;
        string Text(string name) => r.GetProperty(name).GetString()!;
        ulong Number(string name) => r.GetProperty(name).GetUInt64();

        ElectMessage message = Text("type") switch
        {
            "HB" => new HbMessage(Number("epoch"), Text("node_id"), ParseRole(Text("role")), Number("repl_offset")),
            "OFFER" => new OfferMessage(Number("new_epoch"), Text("candidate_id"), Number("repl_offset")),
            "ACCEPT" => new AcceptMessage(Number("epoch"), Text("accepter_id")),
            "ANNOUNCE" => new AnnounceMessage(Number("epoch"), Text("new_primary_id"), Text("new_primary_addr")),
            var other => throw new InvalidDataException($"unknown vector type {other}"),
        };
        return new ElectVector(Text("case"), message, r.GetProperty("len").GetInt32(), Convert.FromHexString(Text("hex")));
    }

    private static ElectRole ParseRole(string wire) => wire switch
    {
        "primary" => ElectRole.Primary,
        "replica" => ElectRole.Replica,
        "candidate" => ElectRole.Candidate,
        _ => throw new InvalidDataException($"unknown role {wire}"),
    };
}
