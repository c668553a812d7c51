using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using KevyElect.Protocol;

namespace KevyElect.Bench
{
    /// <summary>
    /// What a decode cannot avoid allocating: the message object and its id strings. Measured, not
    /// computed, so it holds on any runtime: the figures table compares each Decode's B/op with this.
    /// </summary>
    internal static class DecodeBudget
    {
        private const int Rounds = 1000;

        public static void Write(string path)
        {
            var rows = new List<Dictionary<string, object>>();
            foreach (string verb in SampleMessages.Verbs)
            {
                ElectMessage message = SampleMessages.For(verb);
                long strings = PerCall(() => CopyStrings(message));
                long total = PerCall(() => Clone(message));
                rows.Add(new Dictionary<string, object>
                {
                    ["verb"] = verb,
                    ["frameBytes"] = ElectCodec.GetEncodedLength(message),
                    ["idStringBytes"] = strings,
                    ["messageBytes"] = total - strings,
                    ["budgetBytes"] = total,
                });
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, JsonSerializer.Serialize(rows, Indented));
        }

        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true };

        private static long PerCall(Func<object> allocate)
        {
            for (int i = 0; i < 100; i++) GC.KeepAlive(allocate());
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Rounds; i++) GC.KeepAlive(allocate());
            return (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
        }

        private static string Fresh(string s) => s.AsSpan().ToString();

        private static string CopyStrings(ElectMessage m) => m switch
        {
            AnnounceMessage a => (Fresh(a.NewPrimaryId), Fresh(a.NewPrimaryAddr)).Item2,
            _ => Fresh(m.SenderId),
        };

        private static ElectMessage Clone(ElectMessage m) => m switch
        {
            HbMessage hb => new HbMessage(hb.Epoch, Fresh(hb.NodeId), hb.GetRole(), hb.ReplOffset),
            OfferMessage o => new OfferMessage(o.Epoch, Fresh(o.CandidateId), o.ReplOffset),
            AcceptMessage a => new AcceptMessage(a.Epoch, Fresh(a.AccepterId)),
            AnnounceMessage a => new AnnounceMessage(a.Epoch, Fresh(a.NewPrimaryId), Fresh(a.NewPrimaryAddr)),
            _ => throw new ArgumentException("unknown message type", nameof(m)),
        };
    }
}
