using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FtCore.Sim.Report;

namespace FtCore.Demo.Report;

/// <summary>
/// The latency matrix of a live run. From the processes' metrics files when the run folder has
/// some (<c>metrics/&lt;ID&gt;.jsonl</c>, or <c>&lt;ID&gt;.metrics.jsonl</c>): one JSON object per
/// line, whose <c>links</c> array holds the round trips the process timed per peer over that
/// line's window (LinkTimer), each
/// <c>{"from":"C1","to":"S1","count":120,"min_us":310,"mean_us":402.5,"p50_us":390,"p99_us":900,"max_us":1500}</c>
/// (<see cref="LinkRow"/>); the windows are merged into the run's. Otherwise from the log lines that pair a request with its reply, timed
/// by the process that sent the request (its own clock, millisecond timestamps): client request
/// and reply, LFD heartbeat and reply, GFD heartbeat and LFD report, leader order and follower ack.
/// </summary>
internal static partial class LiveLinks
{
    /// <summary>One row of a metrics file's <c>links</c>: round trips <see cref="From"/> timed to <see cref="To"/>.</summary>
    internal sealed record LinkRow(
        [property: JsonPropertyName("from")] string From,
        [property: JsonPropertyName("to")] string To,
        [property: JsonPropertyName("count")] long Count,
        [property: JsonPropertyName("min_us")] long MinUs,
        [property: JsonPropertyName("mean_us")] double MeanUs,
        [property: JsonPropertyName("p50_us")] long P50Us,
        [property: JsonPropertyName("p99_us")] long P99Us,
        [property: JsonPropertyName("max_us")] long MaxUs);

    /// <summary>A metrics line: only its <c>links</c> matter here.</summary>
    internal sealed record MetricsLine([property: JsonPropertyName("links")] List<LinkRow>? Links);

    public static (List<ReportLink> Links, string Source) Read(string runDir, IReadOnlyDictionary<string, IReadOnlyList<(long Us, string Text)>> logs)
    {
        var fromMetrics = FromMetrics(runDir);
        if (fromMetrics.Count > 0)
        {
            return (fromMetrics, "round trips each live process timed from its own requests and the replies to them (LinkTimer windows in the run's metrics files, merged: counts, min, max and mean exact, p50 and p99 weighted from the windows' own; microsecond resolution)");
        }
        return (FromLogs(logs), "round trips paired from the process logs (a request line and its reply line in the log of the process that sent the request: its own clock, so no clock sync is needed); the logs have millisecond timestamps, so round trips under 1 ms read as 0 or 1 ms. The GFD's membership to the RM is one-way (no reply to time), so RM-GFD has no round trip");
    }

    private static List<ReportLink> FromMetrics(string runDir)
    {
        var files = Directory.GetFiles(runDir, "*.metrics.jsonl")
            .Concat(Directory.Exists(Path.Combine(runDir, "metrics")) ? Directory.GetFiles(Path.Combine(runDir, "metrics"), "*.jsonl") : [])
            .Order(StringComparer.Ordinal);
        var windows = new SortedDictionary<(string, string), List<LinkRow>>();
        foreach (var path in files)
        {
            foreach (var line in File.ReadLines(path))
            {
                if (string.IsNullOrWhiteSpace(line) || !line.Contains("\"links\"", StringComparison.Ordinal)) continue;
                try
                {
                    if (JsonSerializer.Deserialize(line, LiveLinksJson.Default.MetricsLine)?.Links is not { } rows) continue;
                    foreach (var r in rows.Where(r => r.Count > 0)) (windows.TryGetValue((r.From, r.To), out var l) ? l : windows[(r.From, r.To)] = []).Add(r);
                }
                catch (JsonException)
                {
                    // A torn last line (a process killed while writing it): the lines before it stand.
                }
            }
        }
        return windows.Select(kv => Merge(kv.Key.Item1, kv.Key.Item2, kv.Value)).ToList();
    }

    /// <summary>
    /// The whole run from its windows: counts add up, min and max are exact, the mean is weighted by
    /// count; p50 and p99 are the windows' own quantiles weighted by count (an approximation: the
    /// windows' samples are not kept).
    /// </summary>
    private static ReportLink Merge(string from, string to, List<LinkRow> w)
    {
        var count = w.Sum(r => r.Count);
        var mean = w.Sum(r => r.MeanUs * r.Count) / count;
        return new ReportLink(from, to, "", count, w.Min(r => r.MinUs), (long)Math.Round(mean), Weighted(w, r => r.P50Us, 0.5), Weighted(w, r => r.P99Us, 0.99), w.Max(r => r.MaxUs));
    }

    private static long Weighted(List<LinkRow> w, Func<LinkRow, long> value, double q)
    {
        var sorted = w.OrderBy(value).ToList();
        var total = w.Sum(r => r.Count);
        long seen = 0;
        foreach (var r in sorted)
        {
            seen += r.Count;
            if (seen >= q * total) return value(r);
        }
        return value(sorted[^1]);
    }

    private static List<ReportLink> FromLogs(IReadOnlyDictionary<string, IReadOnlyList<(long Us, string Text)>> logs)
    {
        var samples = new SortedDictionary<(string, string), List<long>>();
        void Add(string from, string to, long us) => (samples.TryGetValue((from, to), out var l) ? l : samples[(from, to)] = []).Add(us);
        foreach (var (name, lines) in logs)
        {
            var sent = new Dictionary<(string Peer, long Key), long>();
            var lastKey = new Dictionary<string, long>(StringComparer.Ordinal);
            var orders = new Dictionary<string, List<(long Seq, long Us)>>(StringComparer.Ordinal);
            foreach (var (us, t) in lines)
            {
                Match m;
                if (name[0] == 'C')
                {
                    if ((m = ClientRx().Match(t)).Success)
                    {
                        var key = (m.Groups[3].Value, long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture));
                        if (m.Groups[1].Value == "Sent" && m.Groups[5].Value == "request") sent[key] = us;
                        else if (m.Groups[1].Value == "Received" && m.Groups[5].Value == "reply" && sent.Remove(key, out var at)) Add(name, key.Item1, us - at);
                    }
                }
                else if ((m = HeartbeatSentRx().Match(t)).Success)
                {
                    var peer = m.Groups[2].Value;
                    var count = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                    // A count that starts again is a new connection (a relaunched peer): the old heartbeats will never be answered.
                    if (lastKey.TryGetValue(peer, out var before) && count <= before)
                    {
                        foreach (var k in sent.Keys.Where(k => k.Peer == peer).ToList()) sent.Remove(k);
                    }
                    lastKey[peer] = count;
                    sent[(peer, count)] = us;
                }
                else if ((m = HeartbeatBackRx().Match(t)).Success)
                {
                    var key = (m.Groups[2].Value, long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                    if (sent.Remove(key, out var at)) Add(name, key.Item1, us - at);
                }
                else if (t.StartsWith("Leading view", StringComparison.Ordinal))
                {
                    // A new view: orders of the old one are never acknowledged as such.
                    orders.Clear();
                }
                else if ((m = OrderSentRx().Match(t)).Success)
                {
                    var last = long.Parse(m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value, CultureInfo.InvariantCulture);
                    var peer = m.Groups[3].Value;
                    (orders.TryGetValue(peer, out var l) ? l : orders[peer] = []).Add((last, us));
                }
                else if ((m = AckRx().Match(t)).Success && orders.TryGetValue(m.Groups[2].Value, out var pending))
                {
                    // An ack covers every order up to its log end: the newest of those is the round trip.
                    var upTo = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                    var best = -1;
                    for (var i = 0; i < pending.Count; i++) if (pending[i].Seq <= upTo) best = i;
                    if (best >= 0)
                    {
                        Add(name, m.Groups[2].Value, us - pending[best].Us);
                        pending.RemoveRange(0, best + 1);
                    }
                }
            }
        }
        return samples.Select(kv =>
        {
            var l = kv.Value;
            l.Sort();
            return new ReportLink(kv.Key.Item1, kv.Key.Item2, "", l.Count, l[0], (long)Math.Round(l.Average()), ReportShaping.Rank(l, 50), ReportShaping.Rank(l, 99), l[^1]);
        }).ToList();
    }

    [GeneratedRegex(@"^(Sent|Received) <(C\d+), (S\d+), (\d+), (request|reply)>")]
    private static partial Regex ClientRx();

    [GeneratedRegex(@"^\[(\d+)\] \S+ sending heartbeat to (\S+)$")]
    private static partial Regex HeartbeatSentRx();

    [GeneratedRegex(@"^\[(\d+)\] \S+ receives heartbeat from (\S+?)(?::|$)")]
    private static partial Regex HeartbeatBackRx();

    [GeneratedRegex(@"^Sent order (\d+)(?:\.\.(\d+))? .* to (S\d+)$")]
    private static partial Regex OrderSentRx();

    [GeneratedRegex(@"^Received ack up to (\d+) \(view \d+\) from (S\d+)$")]
    private static partial Regex AckRx();
}

[JsonSerializable(typeof(LiveLinks.MetricsLine))]
internal sealed partial class LiveLinksJson : JsonSerializerContext;
