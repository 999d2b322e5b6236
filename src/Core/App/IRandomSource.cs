namespace FtCore.Core.App;

/// <summary>
/// The seeded randomness a workload generator draws from: the simulator's stream in a simulated
/// run, the client's seeded stream live. The same seed gives the same draws on every machine.
/// </summary>
public interface IRandomSource
{
    /// <summary>Uniform in [0, max).</summary>
    int Next(int max);

    /// <summary>Uniform in [min, max] inclusive.</summary>
    long Between(long min, long max);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    bool Chance(double p);

    /// <summary>One of <paramref name="items"/>, uniformly.</summary>
    T Pick<T>(IReadOnlyList<T> items);
}
