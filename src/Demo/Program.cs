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
          sim-bench  simulator speed on one core: ftcore sim-bench [--runs 10] [--duration 60s] [--mode active|passive]
          pane    one tmux pane of a lab: follows RUNDIR/NAME.log; Ctrl-C in a replica's pane kills it (kill -9)
                  ftcore pane NAME --run-dir RUNDIR [--lines 20] [--recovery-hint auto|manual] [cluster flags]
          help    show this text

        exit codes: 0 every check held, 1 safety violation, 3 liveness violation, 2 bad usage
        """;

    public static int Main(string[] args)
    {
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
                "admin" => AdminCli.Run(args[1..], stdout, stderr),
                "pane" => PaneCommand.Run(args[1..], stdout, stderr),
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
