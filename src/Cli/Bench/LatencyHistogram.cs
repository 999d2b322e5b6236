using System.Numerics;

namespace FtCore.Demo.Bench;

/// <summary>
/// Latencies in nanoseconds, log-linear buckets: exact below 512 ns, then 256 buckets per power of
/// two (under 0.4 % error), up to about 73 minutes. Fixed memory, cheap to record, mergeable. The
/// maximum is kept exactly. One writer at a time.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 9;
    private const int Sub = 1 << SubBits;          // 512 exact values
    private const int Half = Sub / 2;              // 256 buckets per power of two above them
    private const int MaxShift = 33;               // 2^(9 + 33) ns, about 73 minutes
    private readonly long[] _counts = new long[Sub + (MaxShift * Half)];

    public long Count { get; private set; }

    public long MaxNs { get; private set; }

    public long SumNs { get; private set; }

    public void Record(long ns)
    {
        if (ns < 0) ns = 0;
        _counts[IndexOf(ns)]++;
        Count++;
        SumNs += ns;
        if (ns > MaxNs) MaxNs = ns;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        SumNs += other.SumNs;
        MaxNs = Math.Max(MaxNs, other.MaxNs);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1): the middle of its bucket, never above the maximum.</summary>
    public long PercentileNs(double q)
    {
        if (Count == 0) return 0;
        var rank = (long)Math.Ceiling(Math.Clamp(q, 0, 1) * Count);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(MaxNs, Middle(i));
        }
        return MaxNs;
    }

    public double MeanNs => Count == 0 ? 0 : (double)SumNs / Count;

    internal static int IndexOf(long ns)
    {
        if (ns < Sub) return (int)ns;
        var shift = (63 - BitOperations.LeadingZeroCount((ulong)ns)) - (SubBits - 1);
        if (shift > MaxShift) return Sub + (MaxShift * Half) - 1;
        return Sub + ((shift - 1) * Half) + (int)((ns >> shift) - Half);
    }

    internal static long LowerBound(int index)
    {
        if (index < Sub) return index;
        var shift = ((index - Sub) / Half) + 1;
        var mantissa = ((index - Sub) % Half) + Half;
        return (long)mantissa << shift;
    }

    private static long Middle(int index)
    {
        if (index < Sub) return index;
        var shift = ((index - Sub) / Half) + 1;
        return LowerBound(index) + ((1L << shift) / 2);
    }
}
