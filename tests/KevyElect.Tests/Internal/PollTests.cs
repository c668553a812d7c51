using KevyElect.Internal;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KevyElect.Tests.Internal;

public class PollTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_condition_that_holds_at_once_is_called_once_and_no_time_passes()
    {
        var clock = new FakeTimeProvider();
        int calls = 0;
        bool met = await Poll.UntilAsync(() => Task.FromResult(++calls > 0), Timeout, Interval, CancellationToken.None, clock);
        Assert.True(met);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task The_deadline_is_measured_on_the_injected_clock_and_the_last_call_falls_on_it()
    {
        // Each call takes one interval of fake time, so no pause is due between calls and only the fake clock decides.
        var clock = new FakeTimeProvider();
        var elapsedAtCalls = new List<TimeSpan>();
        bool met = await Poll.UntilAsync(elapsed =>
        {
            elapsedAtCalls.Add(elapsed);
            clock.Advance(Interval);
            return Task.FromResult(false);
        }, Timeout, Interval, CancellationToken.None, clock);

        Assert.False(met);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => Interval * i), elapsedAtCalls);
    }

    [Fact]
    public async Task A_condition_met_before_the_deadline_ends_the_poll_with_true()
    {
        var clock = new FakeTimeProvider();
        int calls = 0;
        bool met = await Poll.UntilAsync(() =>
        {
            clock.Advance(Interval);
            return Task.FromResult(++calls == 3);
        }, Timeout, Interval, CancellationToken.None, clock);
        Assert.True(met);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Calls_start_an_interval_apart_on_a_real_clock()
    {
        // The starts the poll passes in, on its monotonic clock: read inside the body, a first call's own delay (its code
        // compiled on first use, a busy machine) would shift the first start and not the others.
        var starts = new List<TimeSpan>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool met = await Poll.UntilAsync(started =>
        {
            starts.Add(started);
            return Task.FromResult(starts.Count == 3);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50), CancellationToken.None);
        clock.Stop();
        Assert.True(met);
        // A timer may fire a fraction of a millisecond before the monotonic clock says the pause is over: 1 ms of slack.
        Assert.True(starts[1] - starts[0] >= TimeSpan.FromMilliseconds(49) && starts[2] - starts[1] >= TimeSpan.FromMilliseconds(49),
            $"calls at {string.Join(", ", starts)}");
        Assert.True(clock.Elapsed >= starts[2], $"the poll's clock ran ahead of the real one: {starts[2]} against {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_throws_instead_of_reporting_a_timeout()
    {
        using var cts = new CancellationTokenSource();
        Task<bool> poll = Poll.UntilAsync(() => Task.FromResult(false), Timeout, Interval, cts.Token, new FakeTimeProvider());
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
    }

    [Fact]
    public void The_blocking_form_stops_at_the_deadline_with_false()
    {
        int calls = 0;
        bool met = Poll.Until(() => ++calls < 0, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10));
        Assert.False(met);
        Assert.InRange(calls, 2, 7);
    }
}
