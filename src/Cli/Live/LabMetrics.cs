using FtCore.Core.History;
using FtCore.Core.Ids;

namespace FtCore.Demo.Live;

/// <summary>
/// Per-phase figures from the merged client history (times on the shared monotonic clock, ns). A
/// client's requests sent before its first reply are its start-up (process start, connecting,
/// first view): they count as completed or failed like any other, but not in the latencies or the
/// longest stall, which describe the cluster once a client is connected; the start-up is reported
/// apart (<see cref="StartupMs"/>).
/// </summary>
internal static class LabMetrics
{
    /// <summary>One request: whose, when invoked, when answered (null: never), and whether it was sent before its client's first reply.</summary>
    public readonly record struct Span(NodeId Client, long InvokeNs, long? OkNs, bool Startup = false);

    /// <summary>A phase's latencies (invoke to ok), null when it answered no request after start-up.</summary>
    public readonly record struct Latency(double? P50Ms, double? P99Ms, double? MaxMs);

    /// <summary>Every request, with <see cref="Span.Startup"/> set on those a client sent before its first reply.</summary>
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
                    if (open.Remove((e.Client, e.Req), out var at)) list.Add(new Span(e.Client, at, e.TimeNs));
                    break;
            }
        }
        foreach (var ((client, _), at) in open) list.Add(new Span(client, at, null));
        var first = FirstReplyNs(list);
        return list.Select(r => r with { Startup = first.TryGetValue(r.Client, out var f) && r.InvokeNs < f }).ToList();
    }

    /// <summary>Each client's first reply (clients that never had one are absent).</summary>
    public static Dictionary<NodeId, long> FirstReplyNs(IEnumerable<Span> requests)
    {
        var first = new Dictionary<NodeId, long>();
        foreach (var r in requests)
        {
            if (r.OkNs is { } ok && (!first.TryGetValue(r.Client, out var f) || ok < f)) first[r.Client] = ok;
        }
        return first;
    }

    /// <summary>
    /// Per client (in client order), ms from its start (<paramref name="startedNs"/>: when the lab
    /// started its process; else its first request) to its first reply. Clients without a reply are absent.
    /// </summary>
    public static Dictionary<string, double> StartupMs(List<Span> requests, IReadOnlyDictionary<NodeId, long> startedNs)
    {
        var result = new Dictionary<string, double>();
        foreach (var (client, ok) in FirstReplyNs(requests).OrderBy(x => x.Key))
        {
            var from = startedNs.TryGetValue(client, out var s) ? s : requests.Where(r => r.Client == client).Min(r => r.InvokeNs);
            result[client.ToString()] = Math.Round((ok - from) / 1e6, 1);
        }
        return result;
    }

    /// <summary>Requests answered within [fromNs, toNs).</summary>
    public static long Completed(List<Span> requests, long fromNs, long toNs) =>
        requests.Count(r => r.OkNs is { } ok && ok >= fromNs && ok < toNs);

    /// <summary>Requests sent within [fromNs, toNs) and never answered.</summary>
    public static long Failed(List<Span> requests, long fromNs, long toNs) =>
        requests.Count(r => r.OkNs is null && r.InvokeNs >= fromNs && r.InvokeNs < toNs);

    /// <summary>
    /// The longest time, within the phase, that one request waited for its reply (an unanswered one
    /// until <paramref name="endNs"/>), over requests sent after their client's first reply.
    /// </summary>
    public static double LongestStallMs(List<Span> requests, long fromNs, long toNs, long endNs)
    {
        long worst = 0;
        foreach (var r in requests)
        {
            if (r.Startup) continue;
            var done = r.OkNs ?? endNs;
            var a = Math.Max(r.InvokeNs, fromNs);
            var b = Math.Min(done, toNs);
            if (b > a) worst = Math.Max(worst, b - a);
        }
        return worst / 1e6;
    }

    /// <summary>p50, p99 and max of invoke-to-ok over the requests answered within [fromNs, toNs), start-up requests left out.</summary>
    public static Latency Latencies(List<Span> requests, long fromNs, long toNs)
    {
        var ns = requests
            .Where(r => !r.Startup && r.OkNs is { } ok && ok >= fromNs && ok < toNs)
            .Select(r => r.OkNs!.Value - r.InvokeNs)
            .Order()
            .ToList();
        if (ns.Count == 0) return new Latency(null, null, null);
        return new Latency(Ms(Percentile(ns, 50)), Ms(Percentile(ns, 99)), Ms(ns[^1]));
    }

    /// <summary>The nearest-rank percentile of ascending values: the smallest value with at least p% of them at or below it.</summary>
    public static long Percentile(IReadOnlyList<long> ascending, double p)
    {
        if (ascending.Count == 0) throw new ArgumentException("no values", nameof(ascending));
        if (p is <= 0 or > 100) throw new ArgumentOutOfRangeException(nameof(p), p, "a percentile is in (0, 100]");
        var rank = (int)Math.Ceiling(p / 100.0 * ascending.Count);
        return ascending[Math.Clamp(rank, 1, ascending.Count) - 1];
    }

    /// <summary>One phase's row of the summary.</summary>
    public static LabPhaseResult Phase(List<Span> requests, LabPhaseBounds b, long endNs)
    {
        var latency = Latencies(requests, b.FromNs, b.ToNs);
        return new LabPhaseResult
        {
            Name = b.Name,
            RequestsCompleted = Completed(requests, b.FromNs, b.ToNs),
            RequestsFailed = Failed(requests, b.FromNs, b.ToNs),
            LongestStallMs = Math.Round(LongestStallMs(requests, b.FromNs, b.ToNs, endNs), 1),
            LatencyP50Ms = latency.P50Ms,
            LatencyP99Ms = latency.P99Ms,
            LatencyMaxMs = latency.MaxMs,
            ViewChanges = b.ViewChanges,
            StartedS = Math.Round(b.FromS, 2),
            EndedS = Math.Round(b.ToS, 2),
            Events = b.Events,
        };
    }

    private static double Ms(long ns) => Math.Round(ns / 1e6, 2);
}

/// <summary>A phase as the lab ran it: its span on the shared monotonic clock (ns) and on the lab's clock (s), the view changes, its events.</summary>
internal sealed record LabPhaseBounds(string Name, long FromNs, long ToNs, long ViewChanges, double FromS, double ToS, IReadOnlyList<string> Events);
