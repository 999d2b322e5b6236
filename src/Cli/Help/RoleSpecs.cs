using FtCore.Demo.Cli;

namespace FtCore.Demo.Help;

/// <summary>ftcore rm | gfd | lfd | server | client: one role as its own process (parsed by <see cref="Commands.RoleCommand"/>).</summary>
internal static class RoleSpecs
{
    private const string Runs = "Runs until Ctrl-C or SIGTERM; prints the guide's lines.";

    private static FlagSpec[] Common(string id, string? fixedId) =>
    [
        fixedId is null
            ? FlagSpec.Of("--id", id, "this process's name (required)")
            : FlagSpec.Of("--id", id, "this process's name; only " + fixedId, fixedId),
        FlagSpec.Of("--log", "FILE", "also append its lines to FILE", "none"),
        FlagSpec.Switch("--quiet", "no console output (with --log: only the file)"),
        FlagSpec.Choice("--log-level", Choices.LogLevels, "how much it logs", "info", "LEVEL"),
        FlagSpec.Of("--pid-dir", "DIR", "write DIR/<id>.<pid> while it runs (a lab finds its processes so)", "none"),
        FlagSpec.Choice("--metrics", Choices.OnOff, "the FtCore meter (dotnet-counters); with --log also a line a second to metrics/<id>.jsonl beside the log; off also for the replicas it launches", "on, unless FTCORE_METRICS=off", "on|off"),
    ];

    public static readonly CommandSpec Rm = new()
    {
        Name = "rm",
        Summary = "the replication manager: keeps the view (members, leader) and tells everyone",
        Description = Runs,
        Synopsis = ["ftcore rm [flags] [cluster flags]"],
        Groups = [new("flags", Common("RM", "RM")), ClusterFlags.Group],
        Examples = ["ftcore rm --cluster cluster.conf --log rm.log"],
    };

    public static readonly CommandSpec Gfd = new()
    {
        Name = "gfd",
        Summary = "the global fault detector: heartbeats every LFD, reports members to the RM",
        Description = Runs,
        Synopsis = ["ftcore gfd [flags] [cluster flags]"],
        Groups = [new("flags", Common("GFD", "GFD")), ClusterFlags.Group],
        Examples = ["ftcore gfd --cluster cluster.conf"],
    };

    public static readonly CommandSpec Lfd = new()
    {
        Name = "lfd",
        Summary = "a local fault detector: heartbeats its machine's replicas, launches them for the RM",
        Description = Runs,
        Synopsis = ["ftcore lfd --id LFDn [flags] [cluster flags]"],
        Groups =
        [
            new("flags",
            [
                .. Common("LFDn", null),
                FlagSpec.Of("--heartbeat-freq", "DUR", "heartbeat frequency to its replicas", "the cluster's --lfd-heartbeat"),
                FlagSpec.Of("--timeout", "DUR", "a replica silent this long is reported dead", "3x the heartbeat frequency"),
                FlagSpec.Of("--log-dir", "DIR", "the replicas it launches log to DIR/Sn.log, quietly", "none: they print to its console"),
            ]),
            ClusterFlags.Group,
        ],
        Examples = ["ftcore lfd --id LFD1 --heartbeat-freq 500ms --cluster cluster.conf"],
    };

    public static readonly CommandSpec Server = new()
    {
        Name = "server",
        Summary = "a replica (S1, S2, ...): runs the app; an LFD normally launches it",
        Description = Runs,
        Synopsis = ["ftcore server --id Sn [flags] [cluster flags]"],
        Groups =
        [
            new("flags",
            [
                .. Common("Sn", null),
                FlagSpec.Of("--incarnation", "N", "this run's number; each relaunch needs a larger one", "now, in Unix milliseconds"),
            ]),
            ClusterFlags.Group,
        ],
        Examples = ["ftcore server --id S1 --cluster cluster.conf"],
    };

    public static readonly CommandSpec Client = new()
    {
        Name = "client",
        Summary = "a client: one request per typed line, or --auto requests in a loop",
        Description = "Manual: type a request per line in the app's syntax (counter: add N | read; kv: get K | put K V | append K V | cas K OLD|- NEW; your own app: what it prints at start); an empty line repeats the last one. Runs until end of input, Ctrl-C or SIGTERM.",
        Synopsis = ["ftcore client --id Cn [--auto [--interval DUR] [--count N]] [flags] [cluster flags]"],
        Groups =
        [
            new("flags",
            [
                .. Common("Cn", null),
                FlagSpec.Switch("--auto", "send requests by itself (a random workload) instead of reading lines"),
                FlagSpec.Of("--interval", "DUR", "pause between a reply and the next request", "100ms with --auto, else 0"),
                FlagSpec.Of("--count", "N", "with --auto: stop once N requests are answered; 0: no limit", "0"),
                FlagSpec.Of("--history", "FILE", "write every request and reply to FILE as JSON lines", "none"),
                FlagSpec.Of("--seed", "N", "seed of the --auto workload", "from the clock and pid"),
                FlagSpec.Of("--first-request", "N", "number of its first request (a restarted client must not reuse one)",
                    "a million per second since 2026"),
                FlagSpec.Of("--drain", "DUR", "when stopping, how long to wait for the request in flight", "10s"),
            ]),
            ClusterFlags.Group,
        ],
        Examples = ["ftcore client --id C1 --auto --interval 50ms --count 1000 --cluster cluster.conf"],
    };

    public static readonly IReadOnlyList<CommandSpec> All = [Rm, Gfd, Lfd, Server, Client];

    public static CommandSpec For(string command) => All.First(s => s.Name == command);
}
