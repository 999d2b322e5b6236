using FtCore.Core.App;

namespace FtCore.Sim;

/// <summary>
/// The simulator's one source of randomness: xoshiro256** seeded through SplitMix64. Our own
/// algorithm, so a seed replays the same on every .NET version (System.Random promises no such thing).
/// </summary>
public sealed class Prng : IRandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    public Prng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextU64()
    {
        var result = RotL(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotL(_s3, 45);
        return result;
    }

    private static ulong RotL(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(NextU64() % (ulong)max);

    /// <summary>Uniform in [min, max] inclusive.</summary>
    public long Between(long min, long max) => max <= min ? min : min + (long)(NextU64() % (ulong)(max - min + 1));

    public bool Chance(double p) => p > 0 && NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A child generator for one subsystem, so subsystems do not perturb each other's streams.</summary>
    public Prng Fork() => new(NextU64());
}
