using System.Globalization;
using System.Text.Json.Nodes;
using FtCore.Demo.Bench;

namespace FtCore.Demo.Commands;

/// <summary>How `ftcore bench --vs-redis` prints: a line per run as it ends, then per mode the medians, spreads and ratios; or one JSON object.</summary>
internal static class VsRedisReport
{
    private static double R1(double v) => Math.Round(v, 1);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static string FloorLine(FloorResult f) =>
        Inv($"floor       loopback ping-pong p50 {f.Latency.PercentileNs(0.5) / 1000.0:0.0} us, p99 {f.Latency.PercentileNs(0.99) / 1000.0:0.0} us ({f.RoundTrips:N0} round trips in {f.Seconds:0.0} s)");

    public static string RunLine(VsRun r)
    {
        var cpu = string.Join(", ", r.CpuMs.Select(x => Inv($"{x.Key} {x.Value}")));
        var check = r.Passed ? "ok" : "FAILED: " + Problem(r);
        return Inv($"run {r.Round} {r.Mode,-7} {r.System,-6} {r.OpsPerS,9:N0} ops/s  p50 {r.P50Us,8:0.0} us  p99 {r.P99Us,8:0.0} us  {r.CpuUsPerRequest,5:0.0} us cpu/request (cpu ms: {cpu})  check {check}");
    }

    private static string Problem(VsRun r)
    {
        if (r.FtCore is { } f) return Inv($"{f.Failed} requests never answered, {f.Refused} refused");
        var x = r.Redis!;
        var parts = new List<string>();
        if (x.Unanswered > 0) parts.Add(Inv($"{x.Unanswered} requests never answered"));
        if (x.WaitShort > 0) parts.Add(Inv($"{x.WaitShort} WAITs answered fewer than 2 replicas"));
        if (x.Errors > 0) parts.Add(Inv($"{x.Errors} error replies"));
        if (x.Lost) parts.Add(Inv($"counter {(x.Counter is { } c ? c.ToString(CultureInfo.InvariantCulture) : "unknown")} but {x.Acked} INCRs acknowledged"));
        if (x.Problem is { } p) parts.Add(p);
        return string.Join("; ", parts);
    }

    public static void Text(VsRedisResult r, TextWriter w)
    {
        var o = r.Options;
        w.WriteLine(Inv($"summary     {o.Clients} clients, {o.DurationMs / 1000.0:0.#} s windows, {o.Rounds} rounds; median (min..max) over the rounds; Redis {r.RedisVersion}"));
        w.WriteLine(FloorLine(r.Floor));
        var floorP50 = r.Floor.Latency.PercentileNs(0.5) / 1000.0;
        foreach (var mode in o.Modes)
        {
            var f = Stats(r, mode, "ftcore");
            var x = Stats(r, mode, "redis");
            foreach (var (name, s) in new[] { ("FtCore", f), ("Redis", x) })
            {
                w.WriteLine(Inv($"{mode,-7} {name,-6} {s.Ops.Median,9:N0} ops/s ({s.Ops.Min:N0}..{s.Ops.Max:N0})  p50 {s.P50.Median:0.0} us ({s.P50.Min:0.0}..{s.P50.Max:0.0}) = {s.P50.Median / Math.Max(1e-9, floorP50):0.0}x the floor  p99 {s.P99.Median:0.0} us ({s.P99.Min:0.0}..{s.P99.Max:0.0})  {s.Cpu.Median:0.0} us cpu/request"));
            }
            w.WriteLine(Inv($"{mode,-7} FtCore/Redis: throughput {Ratio(f.Ops.Median, x.Ops.Median):0.00}, p50 {Ratio(f.P50.Median, x.P50.Median):0.00}, cpu/request {Ratio(f.Cpu.Median, x.Cpu.Median):0.00}"));
        }
        w.WriteLine(r.Passed
            ? "check       every request answered (WAIT: 2 replicas), none refused, Redis counters equal the INCRs acknowledged: ok"
            : "check       FAILED: " + string.Join("; ", r.Runs.Where(x => !x.Passed).Select(x => Inv($"run {x.Round} {x.Mode} {x.System}: {Problem(x)}"))));
    }

    private static double Ratio(double a, double b) => b == 0 ? 0 : a / b;

    private readonly record struct Spread(double Median, double Min, double Max)
    {
        public static Spread Of(IReadOnlyList<double> v) => v.Count == 0 ? default : new(VsRedisResult.Median(v), v.Min(), v.Max());

        public JsonObject Json(string name) => new()
        {
            [name + "_median"] = R1(Median),
            [name + "_min"] = R1(Min),
            [name + "_max"] = R1(Max),
        };
    }

    private sealed record SystemStats(Spread Ops, Spread P50, Spread P99, Spread Cpu, int Runs);

    private static SystemStats Stats(VsRedisResult r, string mode, string system)
    {
        var runs = r.Runs.Where(x => x.Mode == mode && x.System == system).ToList();
        return new SystemStats(
            Spread.Of(runs.Select(x => x.OpsPerS).ToList()),
            Spread.Of(runs.Select(x => x.P50Us).ToList()),
            Spread.Of(runs.Select(x => x.P99Us).ToList()),
            Spread.Of(runs.Select(x => x.CpuUsPerRequest).ToList()),
            runs.Count);
    }

    public static JsonObject Json(VsRedisResult r)
    {
        var o = r.Options;
        var floorP50 = r.Floor.Latency.PercentileNs(0.5) / 1000.0;
        var summary = new JsonObject();
        foreach (var mode in o.Modes)
        {
            var f = Stats(r, mode, "ftcore");
            var x = Stats(r, mode, "redis");
            JsonObject Of(SystemStats s)
            {
                var j = new JsonObject { ["runs"] = s.Runs };
                foreach (var (name, spread) in new[] { ("ops_per_s", s.Ops), ("p50_us", s.P50), ("p99_us", s.P99), ("cpu_us_per_request", s.Cpu) })
                {
                    foreach (var kv in spread.Json(name)) j[kv.Key] = kv.Value?.DeepClone();
                }
                j["p50_over_floor"] = Math.Round(s.P50.Median / Math.Max(1e-9, floorP50), 2);
                return j;
            }
            summary[mode] = new JsonObject
            {
                ["ftcore"] = Of(f),
                ["redis"] = Of(x),
                ["ratio_ops_per_s"] = Math.Round(Ratio(f.Ops.Median, x.Ops.Median), 3),
                ["ratio_p50"] = Math.Round(Ratio(f.P50.Median, x.P50.Median), 3),
                ["ratio_cpu_per_request"] = Math.Round(Ratio(f.Cpu.Median, x.Cpu.Median), 3),
            };
        }
        return new JsonObject
        {
            ["vs_redis"] = true,
            ["redis_version"] = r.RedisVersion,
            ["clients"] = o.Clients,
            ["duration_s"] = o.DurationMs / 1000.0,
            ["warmup_s"] = o.WarmupMs / 1000.0,
            ["rounds"] = o.Rounds,
            ["modes"] = new JsonArray(o.Modes.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            ["metrics"] = Transport.Tcp.Metrics.MetricsSwitch.On ? "on" : "off",
            ["cores"] = Environment.ProcessorCount,
            ["loadavg_1m"] = ProcStats.LoadAverage(),
            ["floor"] = new JsonObject
            {
                ["p50_us"] = R1(r.Floor.Latency.PercentileNs(0.5) / 1000.0),
                ["p99_us"] = R1(r.Floor.Latency.PercentileNs(0.99) / 1000.0),
                ["round_trips"] = r.Floor.RoundTrips,
                ["seconds"] = Math.Round(r.Floor.Seconds, 3),
            },
            ["runs"] = new JsonArray(r.Runs.Select(x => (JsonNode)RunJson(x)).ToArray()),
            ["summary"] = summary,
            ["passed"] = r.Passed,
        };
    }

    private static JsonObject RunJson(VsRun r)
    {
        var l = r.Latency;
        var j = new JsonObject
        {
            ["round"] = r.Round,
            ["mode"] = r.Mode,
            ["system"] = r.System,
            ["base_port"] = r.BasePort,
            ["duration_s"] = Math.Round(r.DurationS, 3),
            ["requests"] = r.Requests,
            ["ops_per_s"] = R1(r.OpsPerS),
            ["p50_us"] = R1(l.PercentileNs(0.50) / 1000.0),
            ["p90_us"] = R1(l.PercentileNs(0.90) / 1000.0),
            ["p99_us"] = R1(l.PercentileNs(0.99) / 1000.0),
            ["p999_us"] = R1(l.PercentileNs(0.999) / 1000.0),
            ["max_us"] = R1(l.MaxNs / 1000.0),
            ["mean_us"] = R1(l.MeanNs / 1000.0),
            ["cpu_ms"] = new JsonObject(r.CpuMs.Select(x => KeyValuePair.Create(x.Key, (JsonNode?)x.Value))),
            ["cpu_us_per_request"] = R1(r.CpuUsPerRequest),
            ["failed"] = r.Failed,
            ["passed"] = r.Passed,
        };
        if (r.FtCore is { } f)
        {
            j["refused"] = f.Refused;
            j["leader"] = f.Leader;
        }
        if (r.Redis is { } x)
        {
            j["unanswered"] = x.Unanswered;
            j["wait_short"] = x.WaitShort;
            j["errors"] = x.Errors;
            j["acked"] = x.Acked;
            j["counter"] = x.Counter;
            j["lost"] = x.LostCount;
            j["problem"] = x.Problem;
            j["pids"] = new JsonArray(x.Pids.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
        }
        return j;
    }
}
