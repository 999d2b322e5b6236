using FtCore.Core.Roles;
using FtCore.Demo.Cli;

namespace FtCore.Demo.Help;

/// <summary>ftcore bench (parsed by <see cref="Bench.BenchOptions"/>).</summary>
internal static class BenchSpec
{
    private static readonly ClusterOptions Cluster = new();

    public static readonly string[] Kills = ["leader", "follower"];

    /// <summary>--mode: a replication style, or with --vs-redis both of them in turn.</summary>
    public static readonly string[] Modes = [.. Choices.Modes, "both"];

    public static readonly CommandSpec Command = new()
    {
        Name = "bench",
        Summary = "throughput and latency, or failover stalls, of a live cluster on loopback",
        Description = "Starts RM, GFD, 3 LFDs and S1..S3 (one process each) on free loopback ports; closed-loop clients "
            + "run the app's own workload in this process. At the end it checks that every request was answered and none refused "
            + "(--failover: and that the whole history is linearizable against the app's model), and stops everything.",
        Synopsis =
        [
            "ftcore bench [flags] [--duration DUR | --requests N [--rss [--rss-every N]]]",
            "ftcore bench --failover [flags] [--repeats N] [--kill leader|follower]",
            "ftcore bench --vs-redis [flags] [--duration DUR] [--rounds N]",
        ],
        Groups =
        [
            new("flags",
            [
                FlagSpec.Choice("--mode", Modes, "replication; both (--vs-redis only): passive, then active", "passive"),
                FlagSpec.Of("--clients", "N", "closed-loop clients, 1 to 999", "3; 64 with --vs-redis"),
                FlagSpec.App(),
                FlagSpec.Of("--warmup", "DUR|auto", "load before measuring; auto: until the rate stops rising (at least 3 s, at most 20 s)", "auto; 1s with --failover"),
                FlagSpec.Of("--lfd-heartbeat", "DUR", "the LFDs' heartbeat frequency; timeout 3x", "100ms; 20ms with --failover"),
                FlagSpec.Of("--gfd-heartbeat", "DUR", "the GFD's heartbeat frequency; timeout 3x", Durations.Format(Cluster.GfdHeartbeatMs)),
                FlagSpec.Of("--checkpoint-freq", "DUR", "passive: the primary's checkpoint frequency", Durations.Format(Cluster.CheckpointFreqMs)),
                FlagSpec.Of("--base-port", "N", "the cluster's first port", "a free range from 10000"),
                FlagSpec.Choice("--log-level", Choices.LogLevels, "the processes' log level (info or debug to study a run, with --keep)", "warning", "LEVEL"),
                FlagSpec.Choice("--metrics", Choices.OnOff, "metrics in every process (meter, link timing, run-folder files), or off to compare", "on", "on|off"),
                FlagSpec.Switch("--keep", "keep the run folder (every process's log) in the temp directory"),
                FlagSpec.Switch("--json", "print the result as one JSON object (progress goes to stderr)"),
            ]),
            new("throughput (without --failover)",
            [
                FlagSpec.Of("--duration", "DUR", "measure this long, 100ms to 1h", "20s; 10s with --vs-redis"),
                FlagSpec.Of("--requests", "N", "measure until N requests committed instead, 1 to 100000000", "none"),
                FlagSpec.Switch("--rss", "sample the replicas' resident memory"),
                FlagSpec.Of("--rss-every", "N", "with --rss: a sample every N requests", "--requests/10, else 100000"),
            ]),
            new("failover",
            [
                FlagSpec.Switch("--failover", "kill -9 a replica repeatedly and measure the clients' stall"),
                FlagSpec.Of("--repeats", "N", "kills, 1 to 1000", "10"),
                FlagSpec.Choice("--kill", Kills, "which replica each kill hits", "leader"),
            ]),
            new("against Redis (scripts/install-redis.sh installs redis-server)",
            [
                FlagSpec.Switch("--vs-redis", "alternate FtCore runs with runs of the same load on Redis (a master, two replicas; INCR then WAIT 2 0), after a loopback ping-pong floor"),
                FlagSpec.Of("--rounds", "N", "with --vs-redis: rounds of one FtCore and one Redis run per mode, 1 to 100", "3"),
            ]),
        ],
        Examples = ["ftcore bench --mode active --clients 16 --duration 10s", "ftcore bench --failover --kill leader --repeats 5", "ftcore bench --vs-redis --mode both --clients 64 --rounds 3"],
        Notes = ["exit codes: 0 every check held, 1 lost or doubled update, 3 unanswered requests or no cluster "
            + "(--vs-redis: or no redis-server), 2 bad usage, 130 interrupted"],
    };
}
