using System.Diagnostics;
using System.Globalization;

namespace FtCore.Demo.Bench;

/// <summary>One sample of the replicas' resident size.</summary>
internal sealed record RssSample(long Requests, double Seconds, IReadOnlyDictionary<string, long> KiB);

/// <summary>What a throughput run measured.</summary>
internal sealed record ThroughputResult
{
    public required string Mode { get; init; }
    /// <summary>The cluster's base port (RM; GFD +1, LFDi +10+i, Si +100+i): free again once the bench is done.</summary>
    public required int BasePort { get; init; }
    public required int Clients { get; init; }
    /// <summary>The primary or sequencer during the run (no fault is injected, so it stays).</summary>
    public required string? Leader { get; init; }
    public required double DurationS { get; init; }
    /// <summary>Replies accepted in the measured window.</summary>
    public required long Requests { get; init; }
    public required double OpsPerS { get; init; }
    public required LatencyHistogram Latency { get; init; }
    public required int Failed { get; init; }
    /// <summary>The application run.</summary>
    public required string App { get; init; }
    /// <summary>Requests the application refused: a bug in its codec or its state machine.</summary>
    public required long Refused { get; init; }
    /// <summary>CPU time of each process during the window, in ms ("bench" is this process: the clients).</summary>
    public required IReadOnlyDictionary<string, long> CpuMs { get; init; }
    public required IReadOnlyList<RssSample> Rss { get; init; }

    /// <summary>CPU time of the whole machine in the window (every core, every process: /proc/stat's busy time), or null where there is no /proc/stat.</summary>
    public long? MachineCpuMs { get; init; }

    /// <summary>Bytes the bench process allocated in the window (its clients' hot path, the bench's own bookkeeping).</summary>
    public long BenchAllocatedBytes { get; init; }

    /// <summary>How long the clients ran before the measured window (an automatic warm-up's length is found as it runs).</summary>
    public double WarmupS { get; init; }

    /// <summary>Every request answered, none refused.</summary>
    public bool Passed => Failed == 0 && Refused == 0;
}

/// <summary>
/// `ftcore bench`: N closed-loop clients for a warm-up, then a measured window (a duration, or a
/// number of requests); latency and throughput of committed requests, CPU per process, and
/// optionally the replicas' resident size at intervals. Ends with a check: every request was
/// answered and none refused (correctness under faults is the failover run's and the simulator's job).
/// </summary>
internal static class ThroughputRun
{
    private static readonly TimeSpan RequestsTimeLimit = TimeSpan.FromMinutes(30);

    public static async Task<ThroughputResult> RunAsync(BenchOptions o, Action<string> say, CancellationToken cancel)
    {
        await using var session = await BenchSession.StartAsync(o, keepHistory: false, say, cancel).ConfigureAwait(false);
        try
        {
            return await MeasureAsync(o, session, say, cancel).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (e is not OperationCanceledException) session.Clean = false; // interrupted: nothing to study
            throw;
        }
    }

    private static async Task<ThroughputResult> MeasureAsync(BenchOptions o, BenchSession s, Action<string> say, CancellationToken cancel)
    {
        foreach (var c in s.Clients) c.StartLoop();
        var clock = Stopwatch.StartNew();
        await BenchProgress.WarmUpAsync(o.WarmupMs, $"{o.Clients} closed-loop clients", s.Completed, clock, say, () => { }, cancel).ConfigureAwait(false);
        var warmupS = clock.Elapsed.TotalSeconds;

        var processes = s.Cluster.Processes();
        var cpuBefore = CpuSnapshot(processes);
        var machineBefore = ProcStats.MachineCpuMs();
        var allocBefore = GC.GetTotalAllocatedBytes(precise: false);
        foreach (var c in s.Clients) c.Recording = true;
        var startCompleted = s.Completed();
        var window = Stopwatch.StartNew();
        var rss = new List<RssSample>();
        var nextRss = 0L;
        void SampleRss(long done)
        {
            var kib = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (name, pid) in s.Cluster.Processes().Where(p => p.Name.StartsWith('S')))
            {
                if (ProcStats.RssKiB(pid) is { } k) kib[name] = k;
            }
            rss.Add(new RssSample(done, window.Elapsed.TotalSeconds, kib));
            say(string.Create(CultureInfo.InvariantCulture, $"  {done,12:N0} requests: RSS {string.Join(", ", kib.Select(x => $"{x.Key} {x.Value / 1024.0:0.0} MiB"))}"));
        }
        if (o.Rss)
        {
            SampleRss(0);
            nextRss = o.RssEvery;
        }
        bool Reached(long done)
        {
            if (o.Rss && done >= nextRss)
            {
                SampleRss(done);
                while (nextRss <= done) nextRss += o.RssEvery;
            }
            return o.Requests > 0 && done >= o.Requests;
        }
        var limit = o.Requests > 0 ? RequestsTimeLimit : TimeSpan.FromMilliseconds(o.DurationMs);
        await BenchProgress.WaitAsync(s.Completed, clock, limit, "measuring", say, done => Reached(done - startCompleted), cancel).ConfigureAwait(false);
        foreach (var c in s.Clients) c.Recording = false;
        var elapsed = window.Elapsed.TotalSeconds;
        var requests = s.Completed() - startCompleted;
        var cpuAfter = CpuSnapshot(processes);
        var machineAfter = ProcStats.MachineCpuMs();
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocBefore;
        if (o.Rss && o.Requests == 0) SampleRss(requests); // a run to a request count took its last sample on reaching it

        foreach (var (name, pid) in processes)
        {
            if (!BenchCluster.Alive(pid)) say($"warning: {name} (pid {pid}) died during the run; see {s.Cluster.Dir}");
        }
        var failed = await s.StopClientsAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var latency = new LatencyHistogram();
        foreach (var c in s.Clients) latency.Add(c.Latency);
        var cpu = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, before) in cpuBefore)
        {
            if (cpuAfter.TryGetValue(name, out var after)) cpu[name] = after - before;
        }
        var result = new ThroughputResult
        {
            Mode = o.Mode,
            BasePort = s.Cluster.BasePort,
            Clients = o.Clients,
            Leader = s.Leader,
            DurationS = elapsed,
            WarmupS = warmupS,
            Requests = requests,
            OpsPerS = requests / Math.Max(1e-9, elapsed),
            Latency = latency,
            Failed = failed,
            App = o.App,
            Refused = s.Refused(),
            CpuMs = cpu,
            MachineCpuMs = machineBefore is { } mb && machineAfter is { } ma ? ma - mb : null,
            BenchAllocatedBytes = allocated,
            Rss = rss,
        };
        if (!result.Passed) s.Clean = false;
        return result;
    }

    /// <summary>CPU ms so far of each process, and "bench" (this one); the Redis runs take theirs the same way.</summary>
    internal static Dictionary<string, long> CpuSnapshot(IReadOnlyList<(string Name, int Pid)> processes)
    {
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, pid) in processes)
        {
            if (ProcStats.CpuMs(pid) is { } ms) d[name] = ms;
        }
        if (ProcStats.CpuMs(Environment.ProcessId) is { } self) d["bench"] = self;
        return d;
    }
}
