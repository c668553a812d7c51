using System.Text;

namespace KevyElect.Tests.Protocol;

/// <summary>Builds wire bytes by hand, independently of the code under test.</summary>
internal static class Wire
{
    /// <summary>A multi-bulk array of the given arguments (UTF-8).</summary>
    public static byte[] Frame(params string[] args)
    {
        var sb = new List<byte>();
        sb.AddRange(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (string arg in args)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(arg);
            sb.AddRange(Encoding.ASCII.GetBytes($"${bytes.Length}\r\n"));
            sb.AddRange(bytes);
            sb.AddRange("\r\n"u8.ToArray());
        }
        return sb.ToArray();
    }

    /// <summary>Text as UTF-8 bytes (for hand-written RESP).</summary>
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
