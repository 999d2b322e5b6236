using FtCore.Core.Events;
using FtCore.Core.Ids;

namespace FtCore.Core.Links;

/// <summary>
/// The fail-slow detector: a white-box diagnosis from the round trips the processes time. Each
/// report window gives, per pair (who timed, whom), the median round trip; a pair's normal is the
/// median (and the spread, MAD) of its past normal windows. A pair is hot when its window is far
/// above normal for <see cref="SlowDetectorOptions.SustainWindows"/> windows in a row. A process is
/// named only when most of the pairs that involve it are hot and the pairs that do not involve it
/// are not (a slow network or a busy machine is not one slow process). It is cleared when its pairs
/// are back to normal, or no longer measured (it died). Pure and deterministic: it only observes.
/// </summary>
internal sealed class SlowDetector(SlowDetectorOptions options)
{
    private readonly SortedDictionary<(NodeId From, NodeId To), PairState> _pairs = [];
    private readonly double[] _scratch = new double[options.BaselineWindows];
    private NodeId? _suspect;
    private long _suspectSinceUs;

    public SlowDetector()
        : this(new SlowDetectorOptions())
    {
    }

    public SlowDetectorOptions Options => options;

    /// <summary>The process currently named slow, or null.</summary>
    public NodeId? Suspect => _suspect;

    /// <summary>Takes one report window of round trips (pairs with a client are not judged: a client's replies wait for the ordering).</summary>
    public void Observe(long nowUs, IReadOnlyList<LinkStat> window)
    {
        foreach (var s in window)
        {
            if (s.From.IsClient || s.To.IsClient || s.Count < options.MinSamples) continue;
            if (!_pairs.TryGetValue((s.From, s.To), out var p))
            {
                p = new PairState(options.BaselineWindows);
                _pairs[(s.From, s.To)] = p;
            }
            Update(p, nowUs, s.P50Us);
        }
    }

    private void Update(PairState p, long nowUs, long p50)
    {
        p.LastUs = nowUs;
        p.LastP50Us = p50;
        if (p.Count < options.WarmWindows)
        {
            p.Add(p50);
            p.Normal = p.Count >= options.WarmWindows ? Median(p) : 0;
            return;
        }
        var (median, spread) = (p.Normal, p.Spread);
        var threshold = Math.Max(options.FloorUs, Math.Max(median * options.RelativeFloor, options.SpreadFactor * spread));
        if (p50 - median > threshold)
        {
            if (p.HotStreak == 0) p.HotSinceUs = nowUs;
            p.HotStreak++;
            p.NormalStreak = 0;
        }
        else
        {
            p.HotStreak = 0;
            p.NormalStreak++;
            p.Add(p50);
            p.Normal = Median(p);
        }
    }

    /// <summary>The median of a pair's normal windows; sets its spread (1.4826 MAD, the standard deviation of a normal distribution).</summary>
    private double Median(PairState p)
    {
        var n = p.Count;
        Array.Copy(p.Values, _scratch, n);
        Array.Sort(_scratch, 0, n);
        var m = Mid(_scratch, n);
        for (var i = 0; i < n; i++) _scratch[i] = Math.Abs(_scratch[i] - m);
        Array.Sort(_scratch, 0, n);
        p.Spread = 1.4826 * Mid(_scratch, n);
        return m;
    }

    private static double Mid(double[] a, int n) => n % 2 == 1 ? a[n / 2] : (a[(n / 2) - 1] + a[n / 2]) / 2;

    /// <summary>Judges the pairs now: the event that names a slow process or clears it, or null when nothing changed.</summary>
    public ConsoleEvent? Evaluate(long nowUs)
    {
        var staleUs = (long)options.StaleWindows * options.ReportMs * 1000;
        if (_suspect is { } s)
        {
            var measured = 0;
            var normal = 0;
            foreach (var (key, p) in _pairs)
            {
                if (!Involves(key, s) || nowUs - p.LastUs > staleUs || p.Count < options.WarmWindows) continue;
                measured++;
                if (p.NormalStreak >= options.ClearWindows) normal++;
            }
            if (measured > 0 && normal < measured) return null;
            _suspect = null;
            return new SlowCleared(s, _suspectSinceUs, measured == 0 ? "no longer measured" : "its round trips are back to normal", Evidence(s, nowUs, staleUs, hotOnly: false));
        }
        NodeId? best = null;
        double bestRatio = 0;
        var bestHot = 0;
        var tie = false;
        foreach (var candidate in Candidates(nowUs, staleUs))
        {
            int involved = 0, hot = 0, others = 0, othersHot = 0;
            foreach (var (key, p) in _pairs)
            {
                if (nowUs - p.LastUs > staleUs || p.Count < options.WarmWindows) continue;
                var isHot = p.HotStreak >= options.SustainWindows;
                if (Involves(key, candidate))
                {
                    involved++;
                    if (isHot) hot++;
                }
                else
                {
                    others++;
                    if (isHot) othersHot++;
                }
            }
            var ratio = (double)hot / involved;
            if (ratio <= options.InvolvedShare || othersHot > others * options.OthersShare) continue;
            if (best is null || ratio > bestRatio || (ratio == bestRatio && hot > bestHot))
            {
                (best, bestRatio, bestHot, tie) = (candidate, ratio, hot, false);
            }
            else if (ratio == bestRatio && hot == bestHot)
            {
                tie = true;
            }
        }
        if (best is not { } named || tie) return null;
        _suspect = named;
        _suspectSinceUs = long.MaxValue;
        foreach (var (key, p) in _pairs)
        {
            if (Involves(key, named) && p.HotStreak >= options.SustainWindows) _suspectSinceUs = Math.Min(_suspectSinceUs, p.HotSinceUs);
        }
        return new SlowSuspected(named, _suspectSinceUs, Evidence(named, nowUs, staleUs, hotOnly: true));
    }

    /// <summary>Every process at either end of a hot pair, in id order, once each.</summary>
    private SortedSet<NodeId> Candidates(long nowUs, long staleUs)
    {
        var set = new SortedSet<NodeId>();
        foreach (var (key, p) in _pairs)
        {
            if (nowUs - p.LastUs > staleUs || p.HotStreak < options.SustainWindows) continue;
            set.Add(key.From);
            set.Add(key.To);
        }
        return set;
    }

    private SlowPair[] Evidence(NodeId who, long nowUs, long staleUs, bool hotOnly)
    {
        var list = new List<SlowPair>();
        foreach (var (key, p) in _pairs)
        {
            if (!Involves(key, who) || nowUs - p.LastUs > staleUs || p.Count < options.WarmWindows) continue;
            if (hotOnly && p.HotStreak < options.SustainWindows) continue;
            var spread = Math.Max(p.Spread, 1);
            list.Add(new SlowPair(key.From, key.To, p.LastP50Us, (long)p.Normal, (p.LastP50Us - p.Normal) / spread));
        }
        return [.. list];
    }

    private static bool Involves((NodeId From, NodeId To) key, NodeId who) => key.From == who || key.To == who;

    private sealed class PairState(int capacity)
    {
        public readonly double[] Values = new double[capacity];
        private int _next;

        public int Count { get; private set; }
        public double Normal;
        public double Spread;
        public long LastUs;
        public long LastP50Us;
        public int HotStreak;
        public int NormalStreak;
        public long HotSinceUs;

        public void Add(double v)
        {
            Values[_next] = v;
            _next = (_next + 1) % Values.Length;
            if (Count < Values.Length) Count++;
        }
    }
}

/// <summary>The fail-slow detector's settings (defaults tuned on the simulator's sweep; see the README's figures).</summary>
internal sealed record SlowDetectorOptions
{
    /// <summary>How often each process reports its window of round trips.</summary>
    public int ReportMs { get; init; } = 500;

    /// <summary>A window with fewer round trips for a pair says nothing about it.</summary>
    public int MinSamples { get; init; } = 2;

    /// <summary>Windows a pair needs before it is judged (its signature is learnt from these).</summary>
    public int WarmWindows { get; init; } = 8;

    /// <summary>Normal windows kept per pair (the signature).</summary>
    public int BaselineWindows { get; init; } = 40;

    /// <summary>Hot windows in a row before a pair counts.</summary>
    public int SustainWindows { get; init; } = 3;

    /// <summary>Normal windows in a row before a suspect's pair counts as recovered.</summary>
    public int ClearWindows { get; init; } = 2;

    /// <summary>A pair not reported for this many windows is no longer measured.</summary>
    public int StaleWindows { get; init; } = 3;

    /// <summary>The smallest excess over normal that counts, in microseconds.</summary>
    public long FloorUs { get; init; } = 2000;

    /// <summary>The excess must also be this fraction of normal...</summary>
    public double RelativeFloor { get; init; } = 0.25;

    /// <summary>...and this many spreads (1.4826 MAD) of normal.</summary>
    public double SpreadFactor { get; init; } = 6;

    /// <summary>A process is named when more than this share of its pairs are hot...</summary>
    public double InvolvedShare { get; init; } = 0.5;

    /// <summary>...and at most this share of the pairs without it are.</summary>
    public double OthersShare { get; init; } = 0.25;
}
