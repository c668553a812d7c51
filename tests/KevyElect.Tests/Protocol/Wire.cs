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

    /// <summary>Where each field's data lies in a well-formed multi-bulk frame such as the encoder writes.</summary>
    public static IReadOnlyList<(int DataStart, int Length)> Fields(byte[] frame)
    {
        string text = Encoding.Latin1.GetString(frame);
        int at = text.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        int count = int.Parse(text[1..(at - 2)], CultureInfo.InvariantCulture);
        var fields = new List<(int, int)>();
        for (int i = 0; i < count; i++)
        {
            int eol = text.IndexOf("\r\n", at, StringComparison.Ordinal);
            int length = int.Parse(text[(at + 1)..eol], CultureInfo.InvariantCulture);
            fields.Add((eol + 2, length));
            at = eol + 2 + length + 2;
        }
        return fields;
    }
}
