using CsCheck;

namespace KevyElect.Tests.Election.Sim;

/// <summary>
/// Runs a CsCheck generator over a fixed sequence of PCG seeds, so a property test checks the same
/// cases on every run. A failure names the PCG seed (usable as CsCheck's <c>seed:</c>) and the case.
/// </summary>
public static class DeterministicProperty
{
    public static void ForAll<T>(Gen<T> gen, int iterations, Action<T> check, Func<T, string> describe, uint stream = 7)
    {
        for (ulong i = 1; i <= (ulong)iterations; i++)
        {
            var pcg = new PCG(stream, i);
            string seed = pcg.ToString();
            T value = gen.Generate(pcg, null!, out _);
            try
            {
                check(value);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"property failed for case {i} (CsCheck seed {seed}): {describe(value)}\n{e.Message}", e);
            }
        }
    }
}
