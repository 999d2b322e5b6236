using FtCore.Demo.Cli;
using FtCore.Demo.Commands;

namespace FtCore.Demo;

/// <summary>The ftcore program: one command per job. The only place that writes to the console.</summary>
public static class Program
{
    public const string Usage = """
        usage: ftcore <command> [flags]

        commands:
          sim     run the deterministic simulator (fault schedules, checks, replay)
                  ftcore sim [--mode active|passive] [--app counter|kv] [--protocol ordered|naive]
                             [--seed N] [--runs K] [--duration 60s] [--replicas 3] [--clients 3]
                             [--faults none|crash|loss|partition|all] [--scenario NAME]
                             [--schedule FILE] [--history FILE] [--transcript FILE|-] [--json]
                             [--no-shrink]
          bench   a live cluster on loopback (one process per role), closed-loop clients in this process
                  ftcore bench [--mode active|passive] [--clients 3] [--duration 20s] [--warmup 2s]
                               [--requests N] [--rss] [--rss-every N] [--json] [--app counter] [--keep]
                  ftcore bench --failover [--mode active|passive] [--repeats 10] [--kill leader|follower]
                               [--lfd-heartbeat 20ms] [--json]
          sim-bench  simulator speed on one core: ftcore sim-bench [--runs 10] [--duration 60s] [--mode active|passive]
          help    show this text

        exit codes: 0 every check held, 1 safety violation, 3 liveness violation, 2 bad usage
                    (bench: 130 when interrupted)
        """;

    public static int Main(string[] args)
    {
        RuntimeTuning.Apply(args.Length > 0 ? args[0] : null);
        var stdout = Console.Out;
        var stderr = Console.Error;
        try
        {
            if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
            {
                stdout.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            if (args.Length > 1 && args[1..].Any(a => a is "--help" or "-h"))
            {
                stdout.WriteLine(Usage);
                return 0;
            }
            return args[0] switch
            {
                "sim" => SimCommand.Run(args[1..], stdout, stderr),
                "sim-bench" => SimBenchCommand.Run(args[1..], stdout),
                "bench" => BenchCommand.Run(args[1..], stdout, stderr),
                "admin" => AdminCli.Run(args[1..], stdout, stderr),
                "rm" or "gfd" or "lfd" or "server" or "client" => RoleCommand.Run(args[0], args[1..], stdout, stderr),
                _ => throw new UsageException($"unknown command '{args[0]}' (try: ftcore help)"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine("ftcore: " + e.Message);
            return 2;
        }
    }
}
