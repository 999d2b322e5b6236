using FtCore.Tests.Shared;
using System.Text.Json;
using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Demo.Commands;
using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>The lab's per-phase figures from a synthetic client history: latencies, stalls, start-up, phase assignment, summary.json.</summary>
public sealed class LabMetricsTests
{
    private const long Ms = 1_000_000;

    private static readonly NodeId C1 = NodeId.Client(1);
    private static readonly NodeId C2 = NodeId.Client(2);

    /// <summary>A history from (client, req, invoke ms, ok ms or null), merged in time order as the lab does.</summary>
    private static List<HistoryEvent> History(params (NodeId Client, long Req, long InvokeMs, long? OkMs)[] requests)
    {
        var events = new List<HistoryEvent>();
        foreach (var (c, req, inv, ok) in requests)
        {
            events.Add(new HistoryEvent(c, req, HistoryType.Invoke, Ops.Add(1), null, inv * Ms));
            if (ok is { } o) events.Add(new HistoryEvent(c, req, HistoryType.Ok, Ops.Add(1), Ops.Num(req), o * Ms));
        }
        return events.OrderBy(e => e.TimeNs).ToList();
    }

    [Fact]
    public void Percentile_is_the_nearest_rank()
    {
        var values = Enumerable.Range(1, 100).Select(i => (long)i).ToList();
        Assert.Equal(50, LabMetrics.Percentile(values, 50));
        Assert.Equal(99, LabMetrics.Percentile(values, 99));
        Assert.Equal(100, LabMetrics.Percentile(values, 100));
        Assert.Equal(1, LabMetrics.Percentile(values, 0.5));
        // Few values: p99 is the largest; p50 of four is the second.
        Assert.Equal(40, LabMetrics.Percentile([10, 20, 40], 99));
        Assert.Equal(20, LabMetrics.Percentile([10, 20, 30, 40], 50));
        Assert.Equal(7, LabMetrics.Percentile([7], 50));
        Assert.Throws<ArgumentException>(() => LabMetrics.Percentile([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabMetrics.Percentile([1], 0));
    }

    [Fact]
    public void A_clients_first_request_is_its_start_up_not_a_stall_nor_a_latency()
    {
        // C1 connects slowly (250 ms to its first reply), then answers in 2-5 ms; C2 likewise with 220 ms.
        var history = History(
            (C1, 101, 1000, 1250),
            (C2, 101, 1010, 1230),
            (C1, 102, 1260, 1262),
            (C2, 102, 1240, 1245),
            (C1, 103, 1270, 1273),
            (C2, 103, 1250, 1254));
        var requests = LabMetrics.Requests(history);
        Assert.Equal(2, requests.Count(r => r.Startup));
        Assert.Contains(requests, r => r.Startup && r.Client == C1 && r.InvokeNs == 1000 * Ms);
        Assert.Contains(requests, r => r.Startup && r.Client == C2 && r.InvokeNs == 1010 * Ms);

        Assert.Equal(5.0, LabMetrics.LongestStallMs(requests, 0, 2000 * Ms, 2000 * Ms));
        var latency = LabMetrics.Latencies(requests, 0, 2000 * Ms);
        Assert.Equal(5.0, latency.MaxMs);
        // Answered in 2, 3, 4, 5 ms (start-up left out): p50 is the second, p99 the largest.
        Assert.Equal(3.0, latency.P50Ms);
        Assert.Equal(5.0, latency.P99Ms);
        // Still counted as completed: the start-up requests were answered.
        Assert.Equal(6, LabMetrics.Completed(requests, 0, 2000 * Ms));

        // From when the lab started each process (C1 at 900 ms; C2 unknown: from its first request).
        var startup = LabMetrics.StartupMs(requests, new Dictionary<NodeId, long> { [C1] = 900 * Ms });
        Assert.Equal(new[] { "C1", "C2" }, startup.Keys.ToArray());
        Assert.Equal(350.0, startup["C1"]);
        Assert.Equal(220.0, startup["C2"]);
    }

    [Fact]
    public void A_stall_after_the_first_reply_counts_and_is_cut_at_the_phase_bounds()
    {
        // C1's request 103 waits 300 ms through a failover that starts in phase A (until 2000 ms) and ends in phase B.
        var history = History(
            (C1, 101, 1000, 1200),
            (C1, 102, 1210, 1212),
            (C1, 103, 1900, 2200),
            (C1, 104, 2210, 2213));
        var requests = LabMetrics.Requests(history);
        Assert.Equal(100.0, LabMetrics.LongestStallMs(requests, 0, 2000 * Ms, 3000 * Ms));
        Assert.Equal(200.0, LabMetrics.LongestStallMs(requests, 2000 * Ms, 3000 * Ms, 3000 * Ms));
        // Latency goes to the phase of the reply, whole: 300 ms in B, none in A but the 2 ms one.
        Assert.Equal(2.0, LabMetrics.Latencies(requests, 0, 2000 * Ms).MaxMs);
        var b = LabMetrics.Latencies(requests, 2000 * Ms, 3000 * Ms);
        Assert.Equal(300.0, b.MaxMs);
        Assert.Equal(3.0, b.P50Ms);
        Assert.Equal(2, LabMetrics.Completed(requests, 0, 2000 * Ms));
        Assert.Equal(2, LabMetrics.Completed(requests, 2000 * Ms, 3000 * Ms));
    }

    [Fact]
    public void An_unanswered_request_stalls_until_the_end_and_counts_as_failed_in_the_phase_it_was_sent()
    {
        var history = History(
            (C1, 101, 1000, 1100),
            (C1, 102, 1110, null),
            (C2, 101, 1000, null));
        var requests = LabMetrics.Requests(history);
        Assert.Equal(1, LabMetrics.Failed(requests, 1050 * Ms, 1200 * Ms));
        Assert.Equal(1, LabMetrics.Failed(requests, 0, 1050 * Ms));
        // C1's 102 waits from 1110 to the end of the history (1500); C2 never had a reply, so its
        // request is no start-up: a client that never connects is an outage, not a slow start.
        Assert.Equal(500.0, LabMetrics.LongestStallMs(requests, 0, 3000 * Ms, 1500 * Ms));
        Assert.Equal(400.0, LabMetrics.LongestStallMs(requests, 1100 * Ms, 3000 * Ms, 1500 * Ms));
        Assert.Equal(390.0, LabMetrics.LongestStallMs(requests.Where(r => r.Client == C1).ToList(), 1100 * Ms, 3000 * Ms, 1500 * Ms));
        Assert.DoesNotContain(requests, r => r.Client == C2 && r.Startup);
        Assert.Equal(new[] { "C1" }, LabMetrics.StartupMs(requests, new Dictionary<NodeId, long>()).Keys.ToArray());
    }

    [Fact]
    public void A_phase_without_answered_requests_has_no_latencies()
    {
        var requests = LabMetrics.Requests(History((C1, 101, 1000, 1100), (C1, 102, 1110, 1112)));
        var phase = LabMetrics.Phase(requests, new LabPhaseBounds("bootstrapping", 0, 500 * Ms, 3, 0, 0.5, ["started"]), 2000 * Ms);
        Assert.Null(phase.LatencyP50Ms);
        Assert.Null(phase.LatencyMaxMs);
        Assert.Equal(0, phase.RequestsCompleted);
        Assert.Equal(3, phase.ViewChanges);
    }

    [Fact]
    public void Summary_json_has_the_latency_start_up_and_outside_kill_fields_and_the_table_shows_them()
    {
        var requests = LabMetrics.Requests(History(
            (C1, 101, 1000, 1250),
            (C1, 102, 1260, 1262),
            (C1, 103, 1270, 1274),
            (C1, 104, 1280, 1281)));
        var phases = new[]
        {
            LabMetrics.Phase(requests, new LabPhaseBounds("bootstrapping", 0, 900 * Ms, 3, 0, 0.9, []), 2000 * Ms),
            LabMetrics.Phase(requests, new LabPhaseBounds("steady-state", 900 * Ms, 2000 * Ms, 0, 0.9, 2.0, ["started clients C1"]), 2000 * Ms),
        };
        var result = new LabResult
        {
            Mode = "passive",
            App = ShippedApps.Counter.Name,
            Scenario = "steady",
            Phases = phases,
            RequestsCompleted = 4,
            ClientStartupMs = LabMetrics.StartupMs(requests, new Dictionary<NodeId, long> { [C1] = 950 * Ms }),
            OutsideKills = ["S2 (pid 4242) at 1.5 s in steady-state"],
            Linearizable = true,
        };
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(result, LabJson.Options));
        var root = doc.RootElement;
        var steady = root.GetProperty("phases")[1];
        Assert.Equal(2.0, steady.GetProperty("latency_p50_ms").GetDouble());
        Assert.Equal(4.0, steady.GetProperty("latency_p99_ms").GetDouble());
        Assert.Equal(4.0, steady.GetProperty("latency_max_ms").GetDouble());
        Assert.Equal(4.0, steady.GetProperty("longest_stall_ms").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("phases")[0].GetProperty("latency_p50_ms").ValueKind);
        Assert.Equal(300.0, root.GetProperty("client_startup_ms").GetProperty("C1").GetDouble());
        Assert.Equal("S2 (pid 4242) at 1.5 s in steady-state", root.GetProperty("outside_kills")[0].GetString());

        var table = LabCommand.Table(result).ToList();
        Assert.Contains("p50 ms", table[0], StringComparison.Ordinal);
        Assert.Contains("p99 ms", table[0], StringComparison.Ordinal);
        Assert.Contains("max ms", table[0], StringComparison.Ordinal);
        Assert.Matches(@"^bootstrapping\s+0\s+0\s+-\s+-\s+-\s+0\.0 ms\s+3$", table[1]);
        Assert.Matches(@"^steady-state\s+4\s+0\s+2\.0\s+4\.0\s+4\.0\s+4\.0 ms\s+0$", table[2]);
    }
}
