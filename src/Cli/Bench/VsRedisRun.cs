namespace FtCore.Demo.Bench;

/// <summary>One run of a --vs-redis comparison: an FtCore bench run or a Redis run, measured alike.</summary>
internal sealed record VsRun
{
    public required int Round { get; init; }
    public required string Mode { get; init; }
    public ThroughputResult? FtCore { get; init; }
    public RedisResult? Redis { get; init; }

    public string System => FtCore is not null ? "ftcore" : "redis";
    public double OpsPerS => FtCore?.OpsPerS ?? Redis!.OpsPerS;
    public LatencyHistogram Latency => FtCore?.Latency ?? Redis!.Latency;
    public long Requests => FtCore?.Requests ?? Redis!.Requests;
    public double DurationS => FtCore?.DurationS ?? Redis!.DurationS;
    public IReadOnlyDictionary<string, long> CpuMs => FtCore?.CpuMs ?? Redis!.CpuMs;
    public long Failed => FtCore?.Failed ?? Redis!.Failed;
    public bool Passed => FtCore?.Passed ?? Redis!.Passed;
    public int BasePort => FtCore?.BasePort ?? Redis!.BasePort;

    /// <summary>CPU time of every process of the run (the servers and this one) per request, in microseconds.</summary>
    public double CpuUsPerRequest => CpuMs.Values.Sum() * 1000.0 / Math.Max(1, Requests);

    public double P50Us => Latency.PercentileNs(0.50) / 1000.0;
    public double P99Us => Latency.PercentileNs(0.99) / 1000.0;
}

/// <summary>What `ftcore bench --vs-redis` measured.</summary>
internal sealed record VsRedisResult
{
    public required BenchOptions Options { get; init; }
    public required string? RedisVersion { get; init; }
    public required FloorResult Floor { get; init; }
    public required IReadOnlyList<VsRun> Runs { get; init; }

    /// <summary>An acknowledged update lost (Redis: counter below the INCRs acknowledged) or a request refused (FtCore).</summary>
    public bool LostOrRefused => Runs.Any(r => r.Redis is { Lost: true } || r.FtCore is { Refused: > 0 });

    public bool Passed => Runs.All(r => r.Passed);

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        if (v.Count == 0) return 0;
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
    }
}

/// <summary>
/// `ftcore bench --vs-redis`: first the loopback floor, then per round and mode one FtCore bench
/// run (the same code path as `ftcore bench`) and one Redis run of the same load, in an order
/// flipped every round, so both see the same machine at about the same time.
/// </summary>
internal static class VsRedisRun
{
    /// <summary>The floor's measured window: a few seconds, shorter when the runs are.</summary>
    public static TimeSpan FloorDuration(BenchOptions o) => TimeSpan.FromMilliseconds(Math.Clamp(o.DurationMs, 500, 3000));

    public static async Task<VsRedisResult> RunAsync(BenchOptions o, Action<string> say, Action<VsRun> done, Action<FloorResult> floorDone, CancellationToken cancel)
    {
        var redis = RedisCluster.FindServer() ?? throw new RedisMissingException();
        var version = RedisCluster.Version(redis);
        say($"loopback floor: ping-pong of 16 bytes between two sockets on 127.0.0.1, {FloorDuration(o).TotalSeconds:0.#} s");
        var floor = await Task.Run(() => LoopbackFloor.Measure(FloorDuration(o), TimeSpan.FromMilliseconds(200), cancel), cancel).ConfigureAwait(false);
        floorDone(floor);
        var runs = new List<VsRun>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            foreach (var mode in o.Modes)
            {
                var redisFirst = round % 2 == 0;
                for (var k = 0; k < 2; k++)
                {
                    cancel.ThrowIfCancellationRequested();
                    var run = (k == 0) == redisFirst
                        ? await RedisAsync(o, round, mode, redis, version, say, cancel).ConfigureAwait(false)
                        : await FtCoreAsync(o, round, mode, say, cancel).ConfigureAwait(false);
                    runs.Add(run);
                    done(run);
                }
            }
        }
        return new VsRedisResult { Options = o, RedisVersion = version, Floor = floor, Runs = runs };
    }

    private static async Task<VsRun> FtCoreAsync(BenchOptions o, int round, string mode, Action<string> say, CancellationToken cancel)
    {
        say($"round {round}, {mode}: FtCore, {o.Clients} clients");
        var r = await ThroughputRun.RunAsync(o.InMode(mode), say, cancel).ConfigureAwait(false);
        return new VsRun { Round = round, Mode = mode, FtCore = r };
    }

    private static async Task<VsRun> RedisAsync(BenchOptions o, int round, string mode, string redis, string? version, Action<string> say, CancellationToken cancel)
    {
        say($"round {round}, {mode}: Redis {version}, master and 2 replicas, INCR + WAIT 2 0, {o.Clients} clients");
        var r = await RedisRun.RunAsync(o, redis, say, cancel).ConfigureAwait(false);
        return new VsRun { Round = round, Mode = mode, Redis = r };
    }
}
