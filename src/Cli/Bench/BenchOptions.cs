using System.Globalization;
using FtCore.Demo.Cli;
using FtCore.Demo.Help;

namespace FtCore.Demo.Bench;

/// <summary>What `ftcore bench` was asked to do, from its flags.</summary>
internal sealed record BenchOptions
{
    public string Mode { get; init; } = "passive";
    /// <summary>The application the clients run its workload of.</summary>
    public string App { get; init; } = ProgramApps.Current.Default.Name;
    public int Clients { get; init; } = 3;
    public long DurationMs { get; init; } = 20_000;
    /// <summary>The warm-up, or <see cref="AutoWarmup"/>: until the rate stops rising (see <see cref="WarmupRule"/>).</summary>
    public long WarmupMs { get; init; } = AutoWarmup;

    /// <summary>The warm-up's length is found while it runs.</summary>
    public const long AutoWarmup = -1;
    public bool Json { get; init; }
    public bool Failover { get; init; }
    public int Repeats { get; init; } = 10;
    public string Kill { get; init; } = "leader";
    /// <summary>Run until this many requests committed (instead of for the duration), 0 for none.</summary>
    public long Requests { get; init; }
    public bool Rss { get; init; }
    public long RssEvery { get; init; }
    public int? BasePort { get; init; }
    public bool Keep { get; init; }
    /// <summary>Cluster flags passed to every process: mode, app, clients, timing.</summary>
    public IReadOnlyList<string> ClusterArgs { get; init; } = [];
    public long LfdHeartbeatMs { get; init; }
    /// <summary>The processes' log level: warning (the default, no per-message lines), or info/debug to study a run (with --keep).</summary>
    public string LogLevel { get; init; } = "warning";
    /// <summary>The FtCore meter, link timing and metrics files in every process, or none (to measure what they cost).</summary>
    public bool Metrics { get; init; } = true;
    /// <summary>--vs-redis: FtCore runs alternated with Redis runs of the same load (<see cref="VsRedisRun"/>).</summary>
    public bool VsRedis { get; init; }
    /// <summary>--vs-redis: rounds of one FtCore and one Redis run per mode.</summary>
    public int Rounds { get; init; } = 3;
    /// <summary>--vs-redis: the modes to compare (passive, active, or both in turn).</summary>
    public IReadOnlyList<string> Modes { get; init; } = ["passive"];

    public static BenchOptions Parse(string[] args)
    {
        var a = new ArgReader(args, BenchSpec.Command);
        var failover = a.Has("--failover");
        var vsRedis = a.Has("--vs-redis");
        if (vsRedis)
        {
            foreach (var not in new[] { "--failover", "--requests", "--rss", "--rss-every", "--base-port", "--keep" })
            {
                if (a.Has(not)) throw new UsageException($"{not} cannot be combined with --vs-redis");
            }
        }
        else if (a.Has("--rounds")) throw new UsageException("--rounds needs --vs-redis");
        foreach (var only in new[] { "--repeats", "--kill" })
        {
            if (!failover && a.Has(only)) throw new UsageException($"{only} needs --failover");
        }
        foreach (var not in new[] { "--requests", "--rss", "--rss-every" })
        {
            if (failover && a.Has(not)) throw new UsageException($"{not} cannot be combined with --failover");
        }
        if (a.Has("--rss-every") && !a.Has("--rss")) throw new UsageException("--rss-every needs --rss");
        if (a.Has("--requests") && a.Has("--duration")) throw new UsageException("--requests and --duration exclude each other (the run ends at one of them)");
        var modeFlag = a.Choice("--mode", "passive");
        if (modeFlag == "both" && !vsRedis) throw new UsageException("--mode both needs --vs-redis (a plain bench runs one mode)");
        var mode = modeFlag == "both" ? "passive" : modeFlag;
        var app = ProgramApps.Get(a.Choice("--app", ProgramApps.Current.Default.Name)).Name;
        var requests = a.Long("--requests", 0, 1, 100_000_000);
        var rss = a.Has("--rss");
        var lfdHeartbeat = a.DurationMs("--lfd-heartbeat", failover ? 20 : 100, 1, 600_000);
        var cluster = new List<string> { "--mode", mode, "--app", app };
        var clients = (int)a.Long("--clients", vsRedis ? 64 : 3, 1, 999);
        cluster.AddRange(["--clients", clients.ToString(CultureInfo.InvariantCulture)]);
        // Always given: the live per-role defaults (1 s) are for students' terminals, not for a bench.
        cluster.AddRange(["--lfd-heartbeat", Ms(lfdHeartbeat)]);
        cluster.AddRange(["--gfd-heartbeat", Ms(a.DurationMs("--gfd-heartbeat", 200, 1, 600_000))]);
        if (a.Has("--checkpoint-freq")) cluster.AddRange(["--checkpoint-freq", Ms(a.DurationMs("--checkpoint-freq", 1000, 1, 600_000))]);
        return new BenchOptions
        {
            Mode = mode,
            App = app,
            Clients = clients,
            DurationMs = a.DurationMs("--duration", vsRedis ? 10_000 : 20_000, 100, 3_600_000),
            WarmupMs = failover ? a.DurationMs("--warmup", 1_000, 0, 600_000)
                : a.String("--warmup") is null or "auto" ? AutoWarmup : Warmup(a),
            Json = a.Has("--json"),
            Failover = failover,
            Repeats = (int)a.Long("--repeats", 10, 1, 1000),
            Kill = a.Choice("--kill", "leader"),
            Requests = requests,
            Rss = rss,
            RssEvery = a.Long("--rss-every", requests > 0 ? Math.Max(1, requests / 10) : 100_000, 1, 100_000_000),
            BasePort = a.Has("--base-port") ? (int)a.Long("--base-port", 0, 1024, 65_000 - 200) : null,
            Keep = a.Has("--keep"),
            ClusterArgs = cluster,
            LfdHeartbeatMs = lfdHeartbeat,
            LogLevel = a.Choice("--log-level", "warning"),
            Metrics = a.Choice("--metrics", "on") == "on",
            VsRedis = vsRedis,
            Rounds = (int)a.Long("--rounds", 3, 1, 100),
            Modes = modeFlag == "both" ? ["passive", "active"] : [mode],
        };
    }

    /// <summary>The same bench in <paramref name="mode"/> (the cluster's --mode too).</summary>
    public BenchOptions InMode(string mode)
    {
        var cluster = ClusterArgs.ToList();
        var at = cluster.IndexOf("--mode");
        if (at >= 0) cluster[at + 1] = mode;
        return this with { Mode = mode, ClusterArgs = cluster };
    }

    /// <summary>A fixed warm-up; a bad value's message names both forms the flag takes.</summary>
    private static long Warmup(ArgReader a)
    {
        try
        {
            return a.DurationMs("--warmup", 0, 0, 600_000);
        }
        catch (UsageException e)
        {
            throw new UsageException(e.Message.Replace("--warmup must be a duration", "--warmup must be auto or a duration", StringComparison.Ordinal));
        }
    }

    private static string Ms(long ms) => ms.ToString(CultureInfo.InvariantCulture) + "ms";
}
