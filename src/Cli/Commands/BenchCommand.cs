using System.Globalization;
using System.Text.Json.Nodes;
using FtCore.Demo.Bench;
using FtCore.Demo.Live;

namespace FtCore.Demo.Commands;

/// <summary>
/// ftcore bench: a real cluster (RM, GFD, three LFDs launching S1..S3, one process each) on free
/// loopback ports, closed-loop clients in this process; throughput and latency, or with
/// --failover the client stall when the leader is killed. Exit 0 when every check held, 1 on a
/// lost or doubly applied update or a non-linearizable history, 3 when requests went unanswered
/// or the cluster did not come up, 2 on bad usage, 130 on Ctrl-C; every process it started is
/// killed and every port freed in each case.
/// </summary>
internal static class BenchCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var o = BenchOptions.Parse(args);
        // The cluster's processes and this one's clients alike (they inherit the variable).
        Transport.Tcp.Metrics.MetricsSwitch.Set(o.Metrics);
        var progress = o.Json ? stderr : stdout;
        var gate = new object();
        void Say(string line)
        {
            lock (gate) progress.WriteLine(line);
        }
        using var signal = new ShutdownSignal();
        using var cancel = new CancellationTokenSource();
        signal.Requested.ContinueWith(_ => cancel.Cancel(), TaskScheduler.Default);
        try
        {
            Say(Describe(o));
            if (o.VsRedis)
            {
                var r = VsRedisRun.RunAsync(o, Say, run => Say(VsRedisReport.RunLine(run)), floor => Say(VsRedisReport.FloorLine(floor)), cancel.Token).GetAwaiter().GetResult();
                if (o.Json) stdout.WriteLine(VsRedisReport.Json(r).ToJsonString());
                else VsRedisReport.Text(r, stdout);
                return r.LostOrRefused ? 1 : r.Passed ? 0 : 3;
            }
            if (o.Failover)
            {
                var r = FailoverRun.RunAsync(o, Say, cancel.Token).GetAwaiter().GetResult();
                if (o.Json) stdout.WriteLine(BenchReport.Json(r).ToJsonString());
                else BenchReport.Text(r, stdout);
                return r.Passed ? 0 : r.Refused > 0 || r.Verdict == Sim.Checking.LinearizabilityVerdict.NotLinearizable ? 1 : 3;
            }
            else
            {
                var r = ThroughputRun.RunAsync(o, Say, cancel.Token).GetAwaiter().GetResult();
                if (o.Json) stdout.WriteLine(BenchReport.Json(r).ToJsonString());
                else BenchReport.Text(r, stdout);
                return r.Refused > 0 ? 1 : r.Failed > 0 ? 3 : 0;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            stderr.WriteLine("ftcore bench: interrupted; every process stopped");
            return 130;
        }
        catch (RedisMissingException e)
        {
            stderr.WriteLine("ftcore bench: " + e.Message);
            return 3;
        }
        catch (BenchFailedException e)
        {
            stderr.WriteLine("ftcore bench: " + e.Message);
            return 3;
        }
    }

    private static string Describe(BenchOptions o)
    {
        if (o.VsRedis)
        {
            return string.Create(CultureInfo.InvariantCulture, $"ftcore bench --vs-redis: {string.Join(" and ", o.Modes)}, {o.Clients} clients, {o.Rounds} rounds of an FtCore and a Redis run each, {o.DurationMs / 1000.0:0.#} s after {(o.WarmupMs == BenchOptions.AutoWarmup ? "a warm-up until the rate stops rising" : $"a {o.WarmupMs / 1000.0:0.#} s warm-up")}, metrics {(o.Metrics ? "on" : "off")}, {Environment.ProcessorCount} cores, load average {ProcStats.LoadAverage():0.0}");
        }
        var what = o.Failover
            ? $"failover, kill the {o.Kill} {o.Repeats} times, LFD heartbeat {o.LfdHeartbeatMs} ms (timeout {3 * o.LfdHeartbeatMs} ms)"
            : o.Requests > 0 ? $"until {o.Requests:N0} requests" : o.WarmupMs == BenchOptions.AutoWarmup ? $"{o.DurationMs / 1000.0:0.#} s after a warm-up until the rate stops rising"
            : $"{o.DurationMs / 1000.0:0.#} s after a {o.WarmupMs / 1000.0:0.#} s warm-up";
        return string.Create(CultureInfo.InvariantCulture, $"ftcore bench: {o.Mode}, {o.App}, {o.Clients} clients, {what}, metrics {(o.Metrics ? "on" : "off")}, {Environment.ProcessorCount} cores, load average {ProcStats.LoadAverage():0.0}");
    }
}

/// <summary>How bench results are printed: readable text, or one JSON object.</summary>
internal static class BenchReport
{
    private static double Us(long ns) => Math.Round(ns / 1000.0, 1);

    public static JsonObject Json(ThroughputResult r)
    {
        var o = new JsonObject
        {
            ["mode"] = r.Mode,
            ["app"] = r.App,
            ["metrics"] = Transport.Tcp.Metrics.MetricsSwitch.On ? "on" : "off",
            ["base_port"] = r.BasePort,
            ["clients"] = r.Clients,
            ["leader"] = r.Leader,
            ["duration_s"] = Math.Round(r.DurationS, 3),
            ["warmup_s"] = Math.Round(r.WarmupS, 1),
            ["requests"] = r.Requests,
            ["ops_per_s"] = Math.Round(r.OpsPerS, 1),
            ["p50_us"] = Us(r.Latency.PercentileNs(0.50)),
            ["p90_us"] = Us(r.Latency.PercentileNs(0.90)),
            ["p99_us"] = Us(r.Latency.PercentileNs(0.99)),
            ["p999_us"] = Us(r.Latency.PercentileNs(0.999)),
            ["max_us"] = Us(r.Latency.MaxNs),
            ["mean_us"] = Math.Round(r.Latency.MeanNs / 1000.0, 1),
            ["failed"] = r.Failed,
            ["refused"] = r.Refused,
            ["cores"] = Environment.ProcessorCount,
            ["loadavg_1m"] = ProcStats.LoadAverage(),
            ["cpu_ms"] = new JsonObject(r.CpuMs.Select(x => KeyValuePair.Create(x.Key, (JsonNode?)x.Value))),
            ["cpu_us_per_request"] = Math.Round(r.CpuMs.Values.Sum() * 1000.0 / Math.Max(1, r.Requests), 1),
            ["machine_cpu_us_per_request"] = r.MachineCpuMs is { } m ? Math.Round(m * 1000.0 / Math.Max(1, r.Requests), 1) : null,
            ["bench_alloc_bytes_per_request"] = Math.Round((double)r.BenchAllocatedBytes / Math.Max(1, r.Requests), 1),
        };
        if (r.Rss.Count > 0)
        {
            o["rss_kib"] = new JsonArray(r.Rss.Select(s => (JsonNode)new JsonObject
            {
                ["requests"] = s.Requests,
                ["seconds"] = Math.Round(s.Seconds, 1),
                ["replicas"] = new JsonObject(s.KiB.Select(x => KeyValuePair.Create(x.Key, (JsonNode?)x.Value))),
            }).ToArray());
        }
        return o;
    }

    public static void Text(ThroughputResult r, TextWriter w)
    {
        var l = r.Latency;
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput  {r.OpsPerS:N0} ops/s ({r.Requests:N0} requests in {r.DurationS:0.0} s after a {r.WarmupS:0.0} s warm-up, {r.Mode}, {r.Clients} clients, leader {r.Leader})"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency     p50 {Us(l.PercentileNs(0.5)):0.0} us, p90 {Us(l.PercentileNs(0.9)):0.0} us, p99 {Us(l.PercentileNs(0.99)):0.0} us, p99.9 {Us(l.PercentileNs(0.999)):0.0} us, max {Us(l.MaxNs):0.0} us"));
        var total = r.CpuMs.Values.Sum();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu         {string.Join(", ", r.CpuMs.Select(x => $"{x.Key} {x.Value / Math.Max(1e-9, r.DurationS) / 10:0}% {x.Value * 1000.0 / Math.Max(1, r.Requests):0.0}us"))} (share of a core, us per request); {total * 1000.0 / Math.Max(1, r.Requests):0.0} us per request{(r.MachineCpuMs is { } m ? $" ({m * 1000.0 / Math.Max(1, r.Requests):0.0} us over the whole machine)" : "")}"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"alloc       bench process {(double)r.BenchAllocatedBytes / Math.Max(1, r.Requests):0} bytes per request"));
        if (r.Rss.Count > 0)
        {
            var names = r.Rss.SelectMany(s => s.KiB.Keys).Distinct().Order(StringComparer.Ordinal);
            var parts = names.Select(n =>
            {
                var series = r.Rss.Where(s => s.KiB.ContainsKey(n)).Select(s => s.KiB[n] / 1024.0).ToList();
                return string.Create(CultureInfo.InvariantCulture, $"{n} {series[0]:0.0} -> {series[^1]:0.0} MiB (max {series.Max():0.0})");
            });
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rss         {string.Join(", ", parts)} over {r.Rss[^1].Requests:N0} requests, {r.Rss.Count} samples"));
        }
        w.WriteLine(r.Passed
            ? "check       every request answered, none refused: ok"
            : string.Create(CultureInfo.InvariantCulture, $"check       FAILED: {r.Failed} requests never answered, {r.Refused} refused by {r.App}"));
    }

    public static JsonObject Json(FailoverResult r) => new()
    {
        ["mode"] = r.Mode,
        ["app"] = r.App,
        ["metrics"] = Transport.Tcp.Metrics.MetricsSwitch.On ? "on" : "off",
        ["kill"] = r.Kill,
        ["base_port"] = r.BasePort,
        ["clients"] = r.Clients,
        ["lfd_heartbeat_ms"] = r.LfdHeartbeatMs,
        ["repeats"] = r.Cycles.Count,
        ["stall_ms_median"] = Math.Round(r.StallMedianMs, 1),
        ["stall_ms_max"] = Math.Round(r.StallMaxMs, 1),
        ["stalls_ms"] = new JsonArray(r.Cycles.Select(c => (JsonNode)JsonValue.Create(Math.Round(c.StallMs, 1))).ToArray()),
        ["recover_ms_median"] = Math.Round(r.RecoverMedianMs, 0),
        ["killed"] = new JsonArray(r.Cycles.Select(c => (JsonNode)JsonValue.Create(c.Victim)).ToArray()),
        ["view_changes"] = new JsonArray(r.Cycles.Select(c => (JsonNode)JsonValue.Create(c.ViewChanges)).ToArray()),
        ["requests"] = r.Requests,
        ["failed"] = r.Failed,
        ["refused"] = r.Refused,
        ["linearizable"] = r.Verdict == Sim.Checking.LinearizabilityVerdict.Linearizable,
        ["cores"] = Environment.ProcessorCount,
        ["loadavg_1m"] = ProcStats.LoadAverage(),
    };

    public static void Text(FailoverResult r, TextWriter w)
    {
        foreach (var (c, i) in r.Cycles.Select((c, i) => (c, i + 1)))
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kill {i,2}: {c.Victim} ({(c.WasLeader ? "leader" : "follower")})  stall {c.StallMs,7:0.0} ms from {c.StallStartMs,6:0} ms after the kill  ready again after {c.RecoverMs,6:0} ms  {c.RequestsInCycle,8:N0} requests, {c.ViewChanges} view changes"));
        }
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stall       median {r.StallMedianMs:0.0} ms, max {r.StallMaxMs:0.0} ms ({r.Mode}, kill {r.Kill}, LFD heartbeat {r.LfdHeartbeatMs} ms)"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"check       {r.Requests:N0} requests, failed {r.Failed}, refused {r.Refused}; history {r.VerdictText}"));
    }
}
