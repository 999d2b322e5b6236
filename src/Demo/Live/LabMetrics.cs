using FtCore.Core.History;
using FtCore.Core.Ids;

namespace FtCore.Demo.Live;

/// <summary>Per-phase figures from the merged client history (times on the shared monotonic clock, ns).</summary>
public static class LabMetrics
{
    public readonly record struct Span(long InvokeNs, long? OkNs);

    /// <summary>Every request: when invoked, when answered (null: never).</summary>
    public static List<Span> Requests(IReadOnlyList<HistoryEvent> history)
    {
        var open = new Dictionary<(NodeId, long), long>();
        var list = new List<Span>();
        foreach (var e in history)
        {
            switch (e.Type)
            {
                case HistoryType.Invoke:
                    open[(e.Client, e.Req)] = e.TimeNs;
                    break;
                case HistoryType.Ok:
                    if (open.Remove((e.Client, e.Req), out var at)) list.Add(new Span(at, e.TimeNs));
                    break;
            }
        }
        foreach (var (_, at) in open) list.Add(new Span(at, null));
        return list;
    }

    public static long Completed(List<Span> requests, long fromNs, long toNs) =>
        requests.Count(r => r.OkNs is { } ok && ok >= fromNs && ok < toNs);

    public static long Failed(List<Span> requests, long fromNs, long toNs) =>
        requests.Count(r => r.OkNs is null && r.InvokeNs >= fromNs && r.InvokeNs < toNs);

    /// <summary>The longest time, within the phase, that one request waited for its reply.</summary>
    public static double LongestStallMs(List<Span> requests, long fromNs, long toNs, long endNs)
    {
        long worst = 0;
        foreach (var r in requests)
        {
            var done = r.OkNs ?? endNs;
            var a = Math.Max(r.InvokeNs, fromNs);
            var b = Math.Min(done, toNs);
            if (b > a) worst = Math.Max(worst, b - a);
        }
        return worst / 1e6;
    }
}
