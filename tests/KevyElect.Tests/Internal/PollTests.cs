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
        Assert.True(starts[1] - starts[0] >= TimeSpan.FromMilliseconds(50) && starts[2] - starts[1] >= TimeSpan.FromMilliseconds(50),
            $"calls at {string.Join(", ", starts)}");
        Assert.True(clock.Elapsed >= starts[2], $"the poll's clock ran ahead of the real one: {starts[2]} against {clock.Elapsed}");
    }

    [Fact]
    public async Task A_timer_that_fires_early_does_not_bring_the_next_call_forward()
    {
        // Timers tick on a coarser clock than the monotonic one, so a pause can end before it is due by that clock.
        var clock = new EarlyTimerClock(early: TimeSpan.FromMilliseconds(3));
        var starts = new List<TimeSpan>();
        Task<bool> poll = Poll.UntilAsync(started =>
        {
            starts.Add(started);
            return Task.FromResult(starts.Count == 3);
        }, Timeout, Interval, CancellationToken.None, clock);

        // Time moves only while the poll waits on a timer, straight to when that timer fires.
        while (!poll.IsCompleted)
        {
            Task armed = clock.Armed.WaitAsync();
            if (await Task.WhenAny(poll, armed) == armed) clock.Advance(clock.LastDue);
        }

        Assert.True(await poll);
        Assert.Equal(new[] { TimeSpan.Zero, Interval, Interval * 2 }, starts);
    }

    /// <summary>A fake clock whose timers fire a fixed time before they are due.</summary>
    private sealed class EarlyTimerClock(TimeSpan early) : FakeTimeProvider
    {
        public SemaphoreSlim Armed { get; } = new(0);
        public TimeSpan LastDue { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            LastDue = dueTime > early ? dueTime - early : dueTime;
            ITimer timer = base.CreateTimer(callback, state, LastDue, period);
            Armed.Release();
            return timer;
        }
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
