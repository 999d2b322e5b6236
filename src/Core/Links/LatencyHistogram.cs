namespace FtCore.Core.Links;

/// <summary>
/// Round-trip times in microseconds, in log-linear buckets (8 per power of two, so a quantile is
/// within 12.5 % of the true value), with the exact count, sum, minimum and maximum. Fixed size:
/// recording never allocates.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 3;
    private const int Sub = 1 << SubBits;
    private const int Buckets = 64 * Sub;
    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }

    public long SumUs { get; private set; }

    public long MinUs { get; private set; } = long.MaxValue;

    public long MaxUs { get; private set; }

    public double MeanUs => Count == 0 ? 0 : (double)SumUs / Count;

    public void Record(long us)
    {
        us = Math.Max(0, us);
        _counts[BucketOf(us)]++;
        Count++;
        SumUs += us;
        if (us < MinUs) MinUs = us;
        if (us > MaxUs) MaxUs = us;
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1): the upper edge of its bucket, clamped to the exact min and max.</summary>
    public long QuantileUs(double q)
    {
        if (Count == 0) return 0;
        var rank = (long)Math.Ceiling(Math.Clamp(q, 0, 1) * Count);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (var b = 0; b < Buckets; b++)
        {
            seen += _counts[b];
            if (seen >= rank) return Math.Clamp(UpperEdge(b), MinUs, MaxUs);
        }
        return MaxUs;
    }

    public void Add(LatencyHistogram other)
    {
        for (var b = 0; b < Buckets; b++) _counts[b] += other._counts[b];
        Count += other.Count;
        SumUs += other.SumUs;
        if (other.MinUs < MinUs) MinUs = other.MinUs;
        if (other.MaxUs > MaxUs) MaxUs = other.MaxUs;
    }

    public void Clear()
    {
        if (Count == 0) return;
        Array.Clear(_counts);
        Count = 0;
        SumUs = 0;
        MinUs = long.MaxValue;
        MaxUs = 0;
    }

    /// <summary>Values below 8 µs get a bucket each; above, 8 buckets per power of two.</summary>
    private static int BucketOf(long us)
    {
        if (us < Sub) return (int)us;
        var msb = 63 - (int)long.LeadingZeroCount(us);
        var sub = (int)(us >> (msb - SubBits)) & (Sub - 1);
        return ((msb - SubBits + 1) << SubBits) + sub;
    }

    private static long UpperEdge(int bucket)
    {
        if (bucket < Sub) return bucket;
        var msb = (bucket >> SubBits) + SubBits - 1;
        var sub = bucket & (Sub - 1);
        return ((long)(Sub + sub + 1) << (msb - SubBits)) - 1;
    }
}
