using System;

namespace KevyElect.Failover
{
    /// <summary>
    /// Picks the epoch an operator's ANNOUNCE carries. Epochs are invisible on the data plane, so the tool
    /// cannot read the cluster's current one; it must pick one every elector accepts (ANNOUNCE is ignored
    /// below a node's epoch). The default is the wall clock in Unix milliseconds: about 1.7e12 today, while
    /// elections add 1 per candidacy and a candidacy takes at least one election round, so no elections
    /// started from a small epoch can reach it; and a later takeover, taken later on the clock, lands above an
    /// earlier one plus every election since (those add far fewer than one per millisecond). It fails only when
    /// something put a larger epoch on the nodes (a hand-sent frame, a clock far ahead) — then verification
    /// shows the ANNOUNCE was ignored, and an explicit epoch above it is the remedy.
    /// </summary>
    public static class EpochChooser
    {
        /// <summary>The clock-derived epoch: <paramref name="now"/> in Unix milliseconds.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The time is before 1970.</exception>
        public static ulong FromClock(DateTimeOffset now)
        {
            long ms = now.ToUnixTimeMilliseconds();
            if (ms <= 0) throw new ArgumentOutOfRangeException(nameof(now), now, "the clock reads before 1970: pass an explicit epoch");
            return (ulong)ms;
        }

        /// <summary>The override when given, else <see cref="FromClock"/>; returns the epoch and where it came from.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The override is 0 (every node starts at epoch 1, so 0 is never accepted).</exception>
        public static (ulong Epoch, string Source) Choose(ulong? explicitEpoch, DateTimeOffset now)
        {
            if (explicitEpoch is ulong given)
            {
                if (given == 0) throw new ArgumentOutOfRangeException(nameof(explicitEpoch), given, "epoch 0 is below every node's epoch (they start at 1)");
                return (given, "-Epoch");
            }
            return (FromClock(now), "clock (Unix ms)");
        }
    }
}
