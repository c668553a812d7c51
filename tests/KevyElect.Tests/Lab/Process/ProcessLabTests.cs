using System.Text.RegularExpressions;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Election;
using KevyElect.Lab;
using KevyElect.Net;
using KevyElect.Observe;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Lab.Process;

/// <summary>A process lab of three real kevy nodes, shared by these tests: what it starts, what its rows read, its chaos.</summary>
[Trait("Category", RealServer.Category)]
public sealed class ProcessLabTests : IClassFixture<ProcessLabFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Call = TimeSpan.FromSeconds(2);
    private readonly ProcessLabFixture _fixture;

    public ProcessLabTests(ProcessLabFixture fixture) => _fixture = fixture;

    private ProcessLab Lab => _fixture.Lab;

    [RealServerFact]
    public async Task ColdStart_ElectsThePreferredNode_AndAProbeSaysHealthy()
    {
        Assert.Equal(LabBackend.Process, Lab.GetBackend());
        Assert.Equal(new[] { "n1", "n2", "n3" }, Lab.NodeIds);
        var rows = await PeerProbe.ProbeAsync(Lab.Peers, new ProbeOptions { Timeout = Call }, CancellationToken.None);
        var summary = ClusterSummary.From(Lab.Peers, rows);
        Assert.True(summary.GetVerdict() == ClusterVerdict.Healthy, $"{summary.GetVerdict()}: {string.Join("; ", summary.Reasons)}");
        Assert.Equal("n1", summary.WritablePrimary);
    }

    [RealServerFact]
    public async Task NodeRows_ReadRoleInfoAndElectMetaOfTheRealNode_AndLeaveOutWhatAProcessDoesNotShow()
    {
        var states = await Lab.GetStateAsync();
        var n1 = states.Single(s => s.NodeId == "n1");
        Assert.Equal(ElectRole.Primary, n1.GetRole());
        Assert.Equal("master", n1.DataRole);
        Assert.True(n1.IsWritablePrimary && n1.HasLease && !n1.IsFenced);
        foreach (var s in states)
        {
            Assert.Equal(LabBackend.Process, s.GetBackend());
            Assert.True(s.IsRunning && !s.IsPaused && s.Problem == null, ElectLab.Describe(s));
            var meta = new ElectMetaFile(Path.Combine(Lab.NodeDirectory(s.NodeId), "data")).Load();
            Assert.Equal(meta.Epoch, s.Epoch);
            Assert.Equal(meta.VotedFor, s.VotedFor);
            Assert.Equal("n1", s.KnownPrimaryId);
            Assert.Null(s.GetPeerViews());
            Assert.Null(s.LivePeers);
            Assert.Null(s.FramesReceived);
            Assert.Null(s.FramesSent);
            Assert.Null(s.CommandsReceived);
            Assert.Null(s.Candidacies);
            Assert.Null(s.GetDecisions());
        }
        foreach (var replica in states.Where(s => s.NodeId != "n1"))
        {
            Assert.Equal(ElectRole.Replica, replica.GetRole());
            Assert.Equal("slave", replica.DataRole);
            Assert.Equal("n1", replica.DataSourceId);
            Assert.True(replica.DataLinkUp);
            Assert.False(replica.AcceptsWrites);
        }
    }

    [RealServerFact]
    public async Task EachNodeReachesTheOthersThroughRelays_WhoseAliasesIdentifyThem()
    {
        foreach (var me in Lab.Peers)
        {
            string toml = File.ReadAllText(Path.Combine(Lab.NodeDirectory(me.Id), "kevy.toml"));
            string peers = Regex.Match(toml, "peers = \"([^\"]+)\"").Groups[1].Value;
            foreach (var entry in PeerTable.Parse(peers))
            {
                var real = Lab.Peers.Find(entry.Id)!;
                if (entry.Id == me.Id)
                {
                    Assert.Equal((real.ElectPort, real.ClientPort), (entry.ElectPort, entry.ClientPort));
                    continue;
                }
                Assert.NotEqual(real.ElectPort, entry.ElectPort);
                Assert.NotEqual(real.ClientPort, entry.ClientPort);
                Assert.Contains(entry.ElectPort, real.AliasPorts);
                Assert.Contains(entry.ClientPort + 10000, real.AliasPorts);
            }
        }
        // A replica's ROLE and INFO name the primary by the relays it reaches it through.
        var n2 = Lab.Peers.Find("n2")!;
        var role = await KevyClient.RoleAsync("127.0.0.1", n2.ClientPort, Call, CancellationToken.None);
        var info = await KevyClient.InfoReplicationAsync("127.0.0.1", n2.ClientPort, Call, CancellationToken.None);
        var n1 = Lab.Peers.Find("n1")!;
        Assert.Contains(role.PrimaryPort, n1.AliasPorts);
        Assert.Contains(info.MasterPort!.Value, n1.AliasPorts);
        Assert.Equal("n1", Lab.Peers.FindByEndpoint("127.0.0.1", role.PrimaryPort)?.Id);
    }

    [RealServerFact]
    public async Task WriteLoad_LandsOnThePrimary_AndReplicatesThroughTheRelays()
    {
        using var load = Lab.StartWriteLoad(50);
        await RealServer.EventuallyAsync(() => load.AckCount >= 10, Patience, "ten acknowledged writes");
        load.Stop();
        Assert.All(load.GetAcks(), a => Assert.Equal("n1", a.NodeId));
        var last = load.LastAck!;
        var n3 = Lab.Peers.Find("n3")!;
        await RealServer.EventuallyAsync(() => Get(n3, last.Key) == last.Value, Patience, $"n3 to hold {last.Key}");
    }

    [RealServerFact]
    public async Task SuspendAndResume_StopAndContinueTheProcess()
    {
        int pid = Lab.ProcessIds["n3"];
        Lab.Pause("n3");
        try
        {
            Assert.Equal('T', RealServer.ProcessState(pid));
            var paused = Lab.GetState("n3");
            Assert.True(paused.IsRunning && paused.IsPaused);
            Assert.Null(paused.Role); // a stopped process answers nothing
            var n3 = Lab.Peers.Find("n3")!;
            var ex = await Record.ExceptionAsync(() => KevyClient.PingAsync("127.0.0.1", n3.ClientPort, TimeSpan.FromMilliseconds(300), CancellationToken.None));
            Assert.IsType<KevyNetException>(ex);
        }
        finally
        {
            Lab.Resume("n3");
        }
        Assert.NotEqual('T', RealServer.ProcessState(pid));
        Assert.False(Lab.GetState("n3").IsPaused);
        await Lab.WaitForSteadyPrimaryAsync(Patience);
    }

    [RealServerFact]
    public async Task Crash_KillsTheProcess_AndRestartKeepsItsPortsAndDataDirectory()
    {
        var n3 = Lab.Peers.Find("n3")!;
        int pid = Lab.ProcessIds["n3"];
        string data = Path.Combine(Lab.NodeDirectory("n3"), "data");
        var before = Lab.GetState("n3");

        Lab.Crash("n3");
        await RealServer.AssertGoneAsync(new[] { pid }, TimeSpan.FromSeconds(5));
        var crashed = Lab.GetState("n3");
        Assert.False(crashed.IsRunning);
        Assert.Null(crashed.Problem); // the lab crashed it: not an exit of its own
        Assert.Equal(before.Epoch, crashed.Epoch); // read from elect.meta, which stays
        Assert.NotEmpty(Directory.GetFiles(data, "*.aof"));
        Assert.Throws<InvalidOperationException>(() => Lab.Crash("n3"));

        Lab.Restart("n3");
        Assert.NotEqual(pid, Lab.ProcessIds["n3"]);
        Assert.Equal(n3.ClientPort, Lab.GetState("n3").ClientPort);
        Assert.Throws<InvalidOperationException>(() => Lab.Restart("n3"));
        var steady = await Lab.WaitForSteadyPrimaryAsync(Patience);
        Assert.Equal("n1", steady.NodeId);
        Assert.Equal("n1", Lab.GetState("n3").KnownPrimaryId);
    }

    [RealServerFact]
    public async Task GracefulStop_WaitsUntilTheProcessHasExited()
    {
        int pid = Lab.ProcessIds["n2"];
        Lab.Stop("n2");
        Assert.False(RealServer.IsAlive(pid), "Stop returned while n2 was still running");
        var stopped = Lab.GetState("n2");
        Assert.False(stopped.IsRunning);
        Assert.Null(stopped.Problem);
        Lab.Restart("n2");
        await Lab.WaitForSteadyPrimaryAsync(Patience);
    }

    [RealServerFact]
    public void AnUnknownNode_IsAnErrorNamingTheLabsNodes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Lab.Pause("n9"));
        Assert.Contains("n1, n2, n3", ex.Message);
    }

    private static string? Get(PeerSpec node, string key)
    {
        using var c = KevyConnection.ConnectAsync("127.0.0.1", node.ClientPort, Call, CancellationToken.None).GetAwaiter().GetResult();
        RespValue reply = c.ExecuteAsync(Call, CancellationToken.None, "GET", key).GetAwaiter().GetResult();
        return reply.IsError ? null : reply.Text;
    }
}
