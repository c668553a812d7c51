using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KevyElect.Lab;
using Xunit;

namespace KevyElect.Tests.Lab.Process;

/// <summary>Starting and stopping a process lab: the server is checked first, ports are retried, failures show the log, nothing is left behind.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait("Category", RealServer.Category)]
public sealed class ProcessLabStartTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("kevyelect-test-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task AMissingServer_IsAClearErrorBeforeAnythingStarts()
    {
        string missing = Path.Combine(_scratch, "no-such-kevy");
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => ProcessLab.StartAsync(new ProcessLabOptions { Server = missing }));
        Assert.Contains($"'{missing}' does not exist", ex.Message);
        // The server is checked before a folder is made or a lab registered (other tests' labs may come and go meanwhile).
        Assert.DoesNotContain(ElectLab.Running, l => l is ProcessLab p && p.GetServer().Path == missing);
    }

    [Fact]
    public async Task AServerThatCannotBeRun_IsAClearError()
    {
        string plain = Path.Combine(_scratch, "kevy");
        File.WriteAllText(plain, "not a program\n");
        File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => ProcessLab.StartAsync(new ProcessLabOptions { Server = plain }));
        Assert.Contains("cannot be run (is it executable?)", ex.Message);
    }

    [Fact]
    public async Task AServerThatIsNotKevy5_IsAClearError()
    {
        string old = Script("old-kevy", "echo 'kevy 4.9.1'");
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => ProcessLab.StartAsync(new ProcessLabOptions { Server = old }));
        Assert.Contains("is not kevy 5.x: '-V' printed 'kevy 4.9.1'", ex.Message);
        string redis = Script("redis", "echo 'Redis server v=7.2.4'");
        ex = await Assert.ThrowsAsync<ArgumentException>(() => ProcessLab.StartAsync(new ProcessLabOptions { Server = redis }));
        Assert.Contains("is not kevy 5.x", ex.Message);
    }

    [Fact]
    public void ABareName_IsLookedUpOnThePath()
    {
        string dir = Directory.CreateDirectory(Path.Combine(_scratch, "bin")).FullName;
        Script(Path.Combine("bin", "kevy"), "echo 'kevy 5.7.1'");
        var server = KevyServer.Resolve("kevy", "/nonexistent" + Path.PathSeparator + dir);
        Assert.Equal(Path.Combine(dir, "kevy"), server.Path);
        Assert.Equal("5.7.1", server.Version);
        var ex = Assert.Throws<ArgumentException>(() => KevyServer.Resolve("kevy", "/nonexistent"));
        Assert.Contains("no 'kevy' on PATH", ex.Message);
    }

    [Fact]
    public async Task ANodeThatFailsToStart_IsAnErrorEndingWithItsLog_AndLeavesNothingBehind()
    {
        string marker = "no such scope " + Guid.NewGuid().ToString("N");
        string broken = Script("broken-kevy", "echo 'kevy 5.4.0'", $"echo 'kevy: bad [cluster] scopes config: {marker}' >&2; exit 3");
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ProcessLab.StartAsync(new ProcessLabOptions { Server = broken, Nodes = 2 }));
        Assert.Contains("exited while starting (status 3)", ex.Message);
        Assert.Contains("bad [cluster] scopes config: " + marker, ex.Message);
        Assert.DoesNotContain(ElectLab.Running, l => l is ProcessLab p && p.GetServer().Path == broken);
        // Other tests run labs meanwhile: look for this one's folder by what its node logged.
        var left = MyLabFolders().Where(f => LogsMention(f, marker));
        Assert.Empty(left);
    }

    [RealServerFact]
    public async Task PortsTakenBetweenPickingAndBinding_AreRetriedOnOthers()
    {
        var held = new List<TcpListener>();
        int blockedClient = 0, blockedElect = 0;
        var options = RealServer.Options(3);
        options.PortsPicked = (id, client, elect) =>
        {
            // Take n2's first client port and n3's first elect port, as another process could.
            if (id == "n2" && blockedClient == 0) held.Add(Hold(blockedClient = client));
            if (id == "n3" && blockedElect == 0) held.Add(Hold(blockedElect = elect));
        };
        try
        {
            await using var lab = await ProcessLab.StartAsync(options);
            Assert.NotEqual(blockedClient, lab.Peers.Find("n2")!.ClientPort);
            Assert.NotEqual(blockedElect, lab.Peers.Find("n3")!.ElectPort);
            // A replica answers -LOADING while it loads the snapshot its primary ships it: wait for every node to be readable.
            await RealServer.EventuallyAsync(() => lab.GetState().All(s => s.IsRunning && s.Problem == null), TimeSpan.FromSeconds(10),
                "every node running and readable");
            Assert.Contains("Address already in use", File.ReadAllText(Path.Combine(lab.NodeDirectory("n2"), "kevy.log")));
            Assert.Contains("kevy-elect transport failed to bind", File.ReadAllText(Path.Combine(lab.NodeDirectory("n3"), "kevy.log")));
        }
        finally
        {
            foreach (var l in held) l.Stop();
        }
    }

    [RealServerFact]
    public async Task ANodeThatExitsByItself_IsReportedWithItsLog()
    {
        await using var lab = await ProcessLab.StartAsync(RealServer.Options(1));
        int pid = lab.ProcessIds["n1"];
        using (var kevy = System.Diagnostics.Process.GetProcessById(pid)) kevy.Kill();
        await RealServer.EventuallyAsync(() => !lab.GetState("n1").IsRunning && lab.GetState("n1").Problem != null, TimeSpan.FromSeconds(10), "the lab to notice n1's exit and say why");
        var state = lab.GetState("n1");
        Assert.False(state.IsRunning);
        Assert.Contains("exited by itself (status 137)", state.Problem);
        Assert.Contains("kevy.log", state.Problem);
        Assert.Contains("kevy v5", state.Problem); // the log's first line, about its start
        var ex = Assert.Throws<InvalidOperationException>(() => lab.Pause("n1"));
        Assert.Contains("exited by itself", ex.Message);
    }

    [Fact]
    public void TheSweep_RemovesTheFoldersOfDeadHosts_AndKeepsTheLiveOnes()
    {
        using var gone = System.Diagnostics.Process.Start("/bin/true")!;
        gone.WaitForExit();
        string temp = Path.GetTempPath();
        string stale = Directory.CreateDirectory(Path.Combine(temp, $"{ProcessLab.FolderPrefix}{gone.Id}-sweeptest{Guid.NewGuid():N}")).FullName;
        File.WriteAllText(Path.Combine(stale, "left-over"), "");
        string live = Directory.CreateDirectory(Path.Combine(temp, $"{ProcessLab.FolderPrefix}1-sweeptest{Guid.NewGuid():N}")).FullName;
        try
        {
            StaleLabFolders.Sweep();
            Assert.False(Directory.Exists(stale), "the folder of a dead host was kept");
            Assert.True(Directory.Exists(live), "the folder of a live host (pid 1) was removed");
        }
        finally
        {
            Directory.Delete(live, recursive: true);
            if (Directory.Exists(stale)) Directory.Delete(stale, recursive: true);
        }
    }

    private static string[] MyLabFolders() =>
        Directory.GetDirectories(Path.GetTempPath(), $"{ProcessLab.FolderPrefix}{Environment.ProcessId}-*").Order().ToArray();

    /// <summary>True when a kevy.log under <paramref name="folder"/> holds <paramref name="text"/>; a folder (or log) another
    /// test's lab deletes while it is read holds nothing, so it is not left behind.</summary>
    private static bool LogsMention(string folder, string text)
    {
        try
        {
            return Directory.EnumerateFiles(folder, "kevy.log", SearchOption.AllDirectories).Any(log => File.ReadAllText(log).Contains(text));
        }
        catch (Exception e) when (e is DirectoryNotFoundException || e is FileNotFoundException)
        {
            return false;
        }
    }

    private static TcpListener Hold(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return listener;
    }

    /// <summary>An executable sh script: <paramref name="version"/> answers -V, <paramref name="run"/> anything else.</summary>
    private string Script(string name, string version, string run = "exit 1")
    {
        string path = Path.Combine(_scratch, name);
        File.WriteAllText(path, $"#!/bin/sh\nif [ \"$1\" = -V ]; then {version}; exit 0; fi\n{run}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
