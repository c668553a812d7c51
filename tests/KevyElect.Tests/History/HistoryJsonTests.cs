using Xunit;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.History;

namespace KevyElect.Tests.History;

public sealed class HistoryJsonTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 26, 9, 34, 1, 123, TimeSpan.Zero);

    private static HistoryEntry Full() => new()
    {
        Time = T,
        KindValue = HistoryEntryKind.Failover,
        Cluster = "prod-east",
        Peers = "n1@10.0.0.1:6204:6004,n2@10.0.0.2:6204:6004",
        OutcomeValue = FailoverOutcome.SucceededUnproven,
        FailoverKindValue = FailoverKind.Takeover,
        EventKindValue = ClusterEventKind.PrimaryChanged,
        Target = "n2",
        OldPrimary = "n1",
        NewPrimary = "n2",
        Node = "n2",
        Old = "Replica",
        New = "Primary",
        Epoch = ulong.MaxValue,
        WriteUnavailableMs = 46.5,
        DurationMs = 409.3,
        OffsetGap = -3,
        DrainValue = DrainVerdict.Incomplete,
        DrainDetail = "shard 0: acknowledged 10, target applied 7",
        RefusalCodeValue = FailoverRefusalCode.TargetLagging,
        Steps = new[] { "Quiesce ok 6.8 ms", "Drain FAILED 19.2 ms" },
        Message = "quote \" backslash \\ newline \n tab \t bell \u0007 separator \u2028 ü 日本",
        UserName = "ops",
        HostName = "jump-1",
        ProcessId = 4242,
    };

    [Fact]
    public void Every_field_survives_a_round_trip()
    {
        HistoryEntry e = Full();
        HistoryEntry back = HistoryJson.Parse(HistoryJson.Format(e));
        Assert.Equal(HistoryJson.Format(e), HistoryJson.Format(back));
        Assert.Equal(T, back.Time);
        Assert.Equal(ulong.MaxValue, back.Epoch);
        Assert.Equal(-3, back.OffsetGap);
        Assert.Equal(46.5, back.WriteUnavailableMs);
        Assert.Equal(e.Message, back.Message);
        Assert.Equal(e.Steps, back.Steps);
        Assert.Equal(FailoverRefusalCode.TargetLagging, back.GetRefusalCode());
        Assert.Equal(ClusterEventKind.PrimaryChanged, back.GetEventKind());
        Assert.Equal(4242, back.ProcessId);
    }

    [Fact]
    public void A_line_is_one_line_with_names_for_enums_and_an_ISO_8601_UTC_time()
    {
        string line = HistoryJson.Format(Full());
        Assert.EndsWith("}\n", line);
        Assert.DoesNotContain('\n', line.TrimEnd('\n'));
        Assert.DoesNotContain('\u2028', line);
        Assert.StartsWith("{\"v\":1,\"time\":\"2026-11-26T09:34:01.123Z\",\"kind\":\"Failover\",", line);
        Assert.Contains("\"outcome\":\"SucceededUnproven\"", line);
        Assert.Contains("\"epoch\":18446744073709551615", line);
        Assert.Contains("\"writeUnavailableMs\":46.5", line);
    }

    [Fact]
    public void Fields_that_do_not_apply_are_left_out_and_read_back_as_null()
    {
        var e = new HistoryEntry { Time = T, KindValue = HistoryEntryKind.WatchEvent, Cluster = "c", Peers = "c", EventKindValue = ClusterEventKind.NodeDown, Message = "n3 down" };
        string line = HistoryJson.Format(e);
        Assert.Equal("{\"v\":1,\"time\":\"2026-11-26T09:34:01.123Z\",\"kind\":\"WatchEvent\",\"cluster\":\"c\",\"peers\":\"c\",\"eventKind\":\"NodeDown\",\"message\":\"n3 down\"}\n", line);
        HistoryEntry back = HistoryJson.Parse(line);
        Assert.Null(back.Outcome);
        Assert.Null(back.Epoch);
        Assert.Empty(back.Steps);
        Assert.Equal("NodeDown", back.Result);
    }

    [Fact]
    public void Members_a_later_version_adds_are_ignored_whatever_their_shape()
    {
        HistoryEntry e = HistoryJson.Parse("{ \"v\": 2, \"time\": \"2026-11-26T09:34:01Z\", \"kind\": \"Failover\", \"outcome\": \"Failed\","
            + " \"inventory\": {\"name\": \"prod\", \"tags\": [1, 2.5e3, true, null, {\"x\": []}]}, \"message\": \"ok\" }");
        Assert.Equal(FailoverOutcome.Failed, e.GetOutcome());
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 34, 1, TimeSpan.Zero), e.Time);
        Assert.Equal("ok", e.Message);
    }

    [Theory]
    [InlineData("", "a JSON object must start with '{'")]
    [InlineData("not json", "a JSON object must start with '{'")]
    [InlineData("[1,2]", "a JSON object must start with '{'")]
    [InlineData("{\"v\":1,\"time\":\"2026-11-26T09:34:01Z\",\"kind\":\"Failo", "the line ends inside a string")]
    [InlineData("{\"time\":\"2026-11-26T09:34:01Z\",\"kind\":\"Failover\"} trailing", "text after the object")]
    [InlineData("{\"time\":\"2026-11-26T09:34:01Z\"}", "no 'kind'")]
    [InlineData("{\"kind\":\"Failover\"}", "no 'time'")]
    [InlineData("{\"time\":\"yesterday\",\"kind\":\"Failover\"}", "'time' is not an ISO 8601 time: 'yesterday'")]
    [InlineData("{\"time\":\"2026-11-26T09:34:01Z\",\"kind\":\"Failover\",\"outcome\":\"Exploded\"}", "'outcome' is not a known FailoverOutcome: 'Exploded'")]
    [InlineData("{\"time\":\"2026-11-26T09:34:01Z\",\"kind\":\"Failover\",\"outcome\":\"1\"}", "'outcome' is not a known FailoverOutcome: '1'")]
    [InlineData("{\"time\":\"2026-11-26T09:34:01Z\",\"kind\":\"Failover\",\"epoch\":-1}", "'epoch' is out of range: -1")]
    [InlineData("{\"time\":\"2026-11-26T09:34:01Z\",\"kind\":\"Failover\",\"epoch\":\"5\"}", "'epoch' is not a number")]
    [InlineData("{\"time\":\"2026-11-26T09:34:01Z\",\"kind\":\"Failover\",\"steps\":[\"a\",3]}", "'steps' holds something other than strings")]
    [InlineData("{\"time\":\"2026-11-26T09:34:01Z\",\"kind\":\"Failover\",\"message\":\"a\\qb\"}", "a bad escape '\\q'")]
    [InlineData("{\"time\":\"2026-11-26T09:34:01Z\" \"kind\":\"Failover\"}", "expected ',' or '}' after member 'time'")]
    public void A_damaged_line_is_a_FormatException_saying_what_is_wrong(string line, string reason)
    {
        var e = Assert.Throws<FormatException>(() => HistoryJson.Parse(line));
        Assert.StartsWith(reason, e.Message);
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        string deep = "{\"time\":\"2026-11-26T09:34:01Z\",\"kind\":\"Failover\",\"x\":" + new string('[', 100) + new string(']', 100) + "}";
        var e = Assert.Throws<FormatException>(() => HistoryJson.Parse(deep));
        Assert.StartsWith("nested deeper than 16", e.Message);
    }
}
