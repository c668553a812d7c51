using System;
using System.IO;
using System.Text.Json;

namespace KevyElect.Bench
{
    /// <summary>Raw replies recorded from a real 3-node quorum (tests/vectors/data-plane-replies.jsonl, copied next to the bench).</summary>
    internal static class ReplyVectors
    {
        /// <summary>The steady-state primary (client port 17004) and one of its replicas (17014).</summary>
        public static int PortOf(string node) => node switch
        {
            "primary" => 17004,
            "replica" => 17014,
            _ => throw new ArgumentException($"unknown node '{node}'", nameof(node)),
        };

        /// <summary>The exact bytes the node answered to <paramref name="command"/> in the steady state.</summary>
        public static byte[] SteadyState(string node, string command) => Recorded($"steady-state:{PortOf(node)}:{command}");

        /// <summary>The exact bytes of the recorded case <paramref name="caseName"/>.</summary>
        public static byte[] Recorded(string caseName)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "vectors", "data-plane-replies.jsonl");
            foreach (string line in File.ReadLines(path))
            {
                if (line.Trim().Length == 0) continue;
                using JsonDocument doc = JsonDocument.Parse(line);
                if (doc.RootElement.GetProperty("case").GetString() == caseName)
                    return Convert.FromHexString(doc.RootElement.GetProperty("reply_hex").GetString()!);
            }
            throw new InvalidOperationException($"{path} has no case '{caseName}'");
        }
    }
}
