using System.Diagnostics;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.Process;

/// <summary>The watchdog's command line: every argument (the script, paths with spaces) arrives as it was.</summary>
public sealed class NodeWatchdogTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("quote\"inside")]
    [InlineData("trailing backslash\\")]
    [InlineData("back\\\\slashes\\\"quote")]
    [InlineData("exec 2>>\"$3\" 3<&0\nif [ \"$line\" = release ]; then exit 0; fi")]
    public void Quote_RoundTripsThroughProcessStartInfoArguments(string argument)
    {
        var info = new ProcessStartInfo("/bin/sh", string.Join(" ", new[] { "-c", "printf '%s\\0' \"$@\"", "sh", argument, "after" }.Select(NodeWatchdog.Quote)))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var sh = System.Diagnostics.Process.Start(info)!;
        string output = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();
        Assert.Equal(new[] { argument, "after" }, output.Split('\0')[..^1]);
    }
}
