using KevyElect.Internal;
using Xunit;

namespace KevyElect.Tests;

/// <summary>
/// The tests' one wait for a condition: the product's poll loop (monotonic deadline), failing the test with what
/// was awaited when the deadline passes. Fixtures' wait helpers call this.
/// </summary>
internal static class Eventually
{
    /// <summary>Pause between checks unless a caller names its own.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with "timed out waiting for: <paramref name="what"/>" after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        if (!await Poll.UntilAsync(condition, timeout, interval ?? DefaultInterval, CancellationToken.None))
            Assert.Fail("timed out waiting for: " + what);
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, TimeSpan, string, TimeSpan?)"/>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, what, interval);

    /// <summary>Like <see cref="HoldsAsync(Func{bool}, TimeSpan, string, TimeSpan?)"/>, with the failure message built when it fails (it names what was left).</summary>
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure, TimeSpan? interval = null)
    {
        if (!await Poll.UntilAsync(() => Task.FromResult(condition()), timeout, interval ?? DefaultInterval, CancellationToken.None))
            Assert.Fail(failure());
    }
}
