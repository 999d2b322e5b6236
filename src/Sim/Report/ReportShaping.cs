using System.Globalization;

namespace FtCore.Sim.Report;

/// <summary>
/// What both builders (simulated and live) do the same way: latency and throughput per window,
/// the stall around each leader change, which requests are drawn one by one when there are too
/// many, the operations around a violation, and the name of a link's pair.
/// </summary>
internal static class ReportShaping
{
    /// <summary>Requests drawn one by one at most; the windows count every request.</summary>
    public const int MaxRequests = 5000;

    /// <summary>Request paths in the report at most.</summary>
    public const int MaxPaths = 600;

    /// <summary>Marks in the report at most (the earliest are kept).</summary>
    public const int MaxMarks = 6000;

    private static readonly long[] WindowChoicesUs = [10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 30_000_000, 60_000_000];

    /// <summary>The smallest round window that cuts the run into at most 300 windows.</summary>
    public static long WindowUs(long endUs) => WindowChoicesUs.FirstOrDefault(w => endUs / w <= 300, WindowChoicesUs[^1]);

    /// <summary>Per window: requests answered in it (ok and refused), and the invoke-to-reply latencies of those.</summary>
    public static List<ReportWindow> Windows(IReadOnlyList<ReportRequest> all, long endUs, long windowUs)
    {
        var n = (int)(Math.Max(1, endUs) / windowUs) + 1;
        var lat = new List<long>[n];
        var failed = new long[n];
        foreach (var r in all)
        {
            if (r.Outcome == "open") continue;
            var w = (int)Math.Clamp(r.EndUs / windowUs, 0, n - 1);
            (lat[w] ??= []).Add(r.EndUs - r.InvokeUs);
            if (r.Outcome == "fail") failed[w]++;
        }
        var list = new List<ReportWindow>(n);
        for (var i = 0; i < n; i++)
        {
            var l = lat[i];
            if (l is null)
            {
                list.Add(new ReportWindow(i * windowUs, 0, 0, 0, 0, 0));
                continue;
            }
            l.Sort();
            list.Add(new ReportWindow(i * windowUs, l.Count, failed[i], Rank(l, 50), Rank(l, 99), l[^1]));
        }
        return list;
    }

    /// <summary>The nearest-rank percentile of ascending values.</summary>
    public static long Rank(List<long> ascending, double p) =>
        ascending[Math.Clamp((int)Math.Ceiling(p / 100.0 * ascending.Count), 1, ascending.Count) - 1];

    /// <summary>
    /// For each leader change after the first completion, the gap between the last completion before
    /// it and the first after it (any client). Changes before any request was answered (a lab's
    /// set-up, before its clients start) stall nobody and are left out.
    /// </summary>
    public static List<ReportStall> Stalls(IEnumerable<(long AtUs, string Leader)> changes, IReadOnlyList<ReportRequest> all, long endUs)
    {
        var ends = all.Where(r => r.Outcome != "open").Select(r => r.EndUs).Order().ToArray();
        var list = new List<ReportStall>();
        foreach (var (at, leader) in changes)
        {
            var i = Array.BinarySearch(ends, at);
            if (i < 0) i = ~i;
            else while (i < ends.Length && ends[i] <= at) i++;
            if (i == 0) continue;
            var from = ends[i - 1];
            var to = i < ends.Length ? ends[i] : endUs;
            list.Add(new ReportStall(at, leader, from, to));
        }
        return list;
    }

    /// <summary>
    /// The requests drawn one by one: all of them up to <see cref="MaxRequests"/>; beyond, every
    /// unanswered or refused one, the slowest, and an even sample of the rest, in invoke order.
    /// </summary>
    public static List<ReportRequest> Draw(IReadOnlyList<ReportRequest> all, List<string> notes)
    {
        if (all.Count <= MaxRequests) return all.ToList();
        var keep = new bool[all.Count];
        var kept = 0;
        for (var i = 0; i < all.Count && kept < MaxRequests / 4; i++)
        {
            if (all[i].Outcome != "ok") { keep[i] = true; kept++; }
        }
        foreach (var i in Enumerable.Range(0, all.Count).OrderByDescending(i => all[i].EndUs - all[i].InvokeUs).ThenBy(i => i).Take(MaxRequests / 4))
        {
            if (!keep[i]) { keep[i] = true; kept++; }
        }
        var stride = (double)all.Count / Math.Max(1, MaxRequests - kept);
        for (var x = 0.0; x < all.Count && kept < MaxRequests; x += stride)
        {
            var i = (int)x;
            if (!keep[i]) { keep[i] = true; kept++; }
        }
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{kept} of {all.Count} requests are drawn one by one (every unanswered or refused one, the slowest, and an even sample); the latency and throughput charts count all {all.Count}."));
        return Enumerable.Range(0, all.Count).Where(i => keep[i]).Select(i => all[i]).ToList();
    }

    /// <summary>The paths of drawn requests, at most <see cref="MaxPaths"/>: the slowest half, then an even sample.</summary>
    public static List<ReportPath> ChoosePaths(IReadOnlyList<ReportRequest> drawn, Func<string, long, ReportPath?> pathOf, List<string> notes, string capNote)
    {
        var withPath = drawn.Select(r => (r, p: pathOf(r.Client, r.Num))).Where(x => x.p is not null).ToList();
        var chosen = new HashSet<int>();
        foreach (var i in Enumerable.Range(0, withPath.Count).OrderByDescending(i => withPath[i].r.EndUs - withPath[i].r.InvokeUs).ThenBy(i => i).Take(MaxPaths / 2)) chosen.Add(i);
        var stride = Math.Max(1.0, (double)withPath.Count / Math.Max(1, MaxPaths - chosen.Count));
        for (var x = 0.0; x < withPath.Count && chosen.Count < MaxPaths; x += stride) chosen.Add((int)x);
        var paths = chosen.Order().Select(i => withPath[i].p!).Select(p => p with { Hops = p.Hops.OrderBy(h => h.AtUs).ToList() }).ToList();
        if (withPath.Count > paths.Count || capNote.Length > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"request paths: {paths.Count} of the {drawn.Count} drawn requests have their hops (the slowest and an even sample){capNote}; click a request to see its path."));
        }
        return paths;
    }

    /// <summary>The operations nearest to <paramref name="atUs"/> (at most 16), in time order, in words.</summary>
    public static List<string> Around(IReadOnlyList<ReportRequest> all, long atUs)
    {
        return all.OrderBy(r => Math.Min(Math.Abs(r.InvokeUs - atUs), Math.Abs(r.EndUs - atUs))).ThenBy(r => r.InvokeUs).Take(16)
            .OrderBy(r => r.InvokeUs).ThenBy(r => r.Client, StringComparer.Ordinal)
            .Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.Client} request {r.Num}: invoked {Ms(r.InvokeUs)}, {(r.Outcome == "open" ? "never answered" : $"{r.Outcome} from {r.Replica} at {Ms(r.EndUs)}")}"))
            .ToList();
    }

    /// <summary>The pair a link joins: client-replica, leader-follower, LFD-replica, GFD-LFD, RM-GFD (from its ends' names).</summary>
    public static string LinkKind(string from, string to) => (Kind(from), Kind(to)) switch
    {
        ("C", "S") => "client-replica",
        ("S", "S") => "leader-follower",
        ("LFD", "S") => "LFD-replica",
        ("GFD", "LFD") => "GFD-LFD",
        ("RM", "GFD") or ("GFD", "RM") => "RM-GFD",
        var (a, b) => $"{a}-{b}",
    };

    private static string Kind(string name) => name.StartsWith("LFD", StringComparison.Ordinal) ? "LFD"
        : name is "GFD" or "RM" ? name
        : name.Length > 0 ? name[..1] : name;

    /// <summary>Seconds with milliseconds: "12.345 s".</summary>
    public static string Ms(long us) => string.Create(CultureInfo.InvariantCulture, $"{us / 1e6:0.000} s");
}
