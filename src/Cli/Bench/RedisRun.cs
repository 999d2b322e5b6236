using System.Diagnostics;
using System.Globalization;

namespace FtCore.Demo.Bench;

/// <summary>What one Redis run measured, and its check.</summary>
internal sealed record RedisResult
{
    public required int Clients { get; init; }
    public required int BasePort { get; init; }
    public required double DurationS { get; init; }
    /// <summary>Requests (INCR + WAIT) finished in the measured window.</summary>
    public required long Requests { get; init; }
    public required double OpsPerS { get; init; }
    public required LatencyHistogram Latency { get; init; }
    /// <summary>Requests never answered (still outstanding 10 s after the loop stopped, or on a broken connection).</summary>
    public required int Unanswered { get; init; }
    /// <summary>WAITs that answered fewer than 2 replicas.</summary>
    public required long WaitShort { get; init; }
    /// <summary>Error replies to INCR or WAIT.</summary>
    public required long Errors { get; init; }
    /// <summary>INCRs acknowledged over the whole run (warm-up included).</summary>
    public required long Acked { get; init; }
    /// <summary>The master's counter at the end (GET), or null when it did not answer.</summary>
    public required long? Counter { get; init; }
    public required IReadOnlyDictionary<string, long> CpuMs { get; init; }
    /// <summary>The redis-server processes it started (all killed once the run is over).</summary>
    public required IReadOnlyList<int> Pids { get; init; }
    /// <summary>A broken connection or protocol error, or null.</summary>
    public required string? Problem { get; init; }

    /// <summary>Failed requests: unanswered, WAIT answered fewer than 2, or an error reply.</summary>
    public long Failed => Unanswered + WaitShort + Errors;

    /// <summary>The final counter is not the number of acknowledged INCRs (or could not be read).</summary>
    public bool Lost => Counter != Acked;

    /// <summary>How far the counter is off the acknowledged INCRs (all of them when it could not be read).</summary>
    public long LostCount => Counter is { } c ? Math.Abs(Acked - c) : Acked;

    public bool Passed => Failed == 0 && !Lost && Problem is null;
}

/// <summary>
/// One Redis run of `ftcore bench --vs-redis`: a fresh master and two replicas, N closed-loop
/// clients (<see cref="RedisLoad"/>), a warm-up, then the measured window exactly as
/// <see cref="ThroughputRun"/> does it (recording on, replies counted, CPU of every process read
/// from /proc before and after). Then the loop stops, and the check: the counter (GET) equals the
/// INCRs acknowledged. Every redis-server is killed and its folder removed in every case.
/// </summary>
internal static class RedisRun
{
    public static async Task<RedisResult> RunAsync(BenchOptions o, string executable, Action<string> say, CancellationToken cancel)
    {
        using var cluster = RedisCluster.Start(executable, say, cancel);
        using var load = new RedisLoad(cluster.Master, o.Clients);
        load.StartLoop();
        var clock = Stopwatch.StartNew();
        // The same rule as FtCore's run: the bench process's own Redis clients compile too.
        await BenchProgress.WarmUpAsync(o.WarmupMs, $"{o.Clients} closed-loop Redis clients", load.Completed, clock, say, () => ThrowIfFailed(load), cancel).ConfigureAwait(false);

        var processes = cluster.Processes();
        var cpuBefore = ThroughputRun.CpuSnapshot(processes);
        load.Recording = true;
        var startCompleted = load.Completed();
        var window = Stopwatch.StartNew();
        await BenchProgress.WaitAsync(load.Completed, clock, TimeSpan.FromMilliseconds(o.DurationMs), "measuring", say, _ => { ThrowIfFailed(load); return false; }, cancel).ConfigureAwait(false);
        load.Recording = false;
        var elapsed = window.Elapsed.TotalSeconds;
        var requests = load.Completed() - startCompleted;
        var cpuAfter = ThroughputRun.CpuSnapshot(processes);
        foreach (var (name, pid) in processes)
        {
            if (!BenchCluster.Alive(pid)) say($"warning: {name} (pid {pid}) died during the run");
        }

        await load.StopLoopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var unanswered = load.Outstanding();
        var latency = new LatencyHistogram();
        foreach (var c in load.Clients) latency.Add(c.Latency);
        var cpu = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, before) in cpuBefore)
        {
            if (cpuAfter.TryGetValue(name, out var after)) cpu[name] = after - before;
        }
        long? counter = null;
        string? problem = load.Failure ?? load.Clients.Select(c => c.Broken).FirstOrDefault(b => b is not null);
        try
        {
            var get = RedisCluster.Ask(cluster.Master, TimeSpan.FromSeconds(5), "GET", RedisLoad.Key);
            if (get.Kind == RespKind.Bulk && long.TryParse(get.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) counter = v;
            else if (get.Kind == RespKind.Null) counter = 0;
            else problem ??= $"GET {RedisLoad.Key} answered {get}";
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or RespProtocolException)
        {
            problem ??= $"GET {RedisLoad.Key} failed: {e.Message}";
        }
        return new RedisResult
        {
            Clients = o.Clients,
            BasePort = cluster.BasePort,
            DurationS = elapsed,
            Requests = requests,
            OpsPerS = requests / Math.Max(1e-9, elapsed),
            Latency = latency,
            Unanswered = unanswered,
            WaitShort = load.Clients.Sum(c => c.WaitShort),
            Errors = load.Clients.Sum(c => c.Errors),
            Acked = load.Clients.Sum(c => c.AckedIncrs),
            Counter = counter,
            CpuMs = cpu,
            Problem = problem,
            Pids = cluster.Pids,
        };
    }

    /// <summary>Ends the run when the load broke (a lost connection, a protocol error).</summary>
    private static void ThrowIfFailed(RedisLoad load)
    {
        if (load.Failure is { } why) throw new BenchFailedException("Redis load stopped: " + why);
    }
}
