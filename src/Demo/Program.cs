using FtCore.Demo.Cli;
using FtCore.Demo.Commands;

namespace FtCore.Demo;

/// <summary>The ftcore program: one command per job. The only place that writes to the console.</summary>
public static class Program
{
    public const string Usage = """
        usage: ftcore <command> [flags]

        the live system (real processes on TCP; one per role, each on its own machine or all on one):
          lab     the guide's milestone-5 demo in one command: RM, GFD, 3 LFDs, 3 replicas, 3 clients,
                  real kill -9s, a summary per phase and a linearizability verdict
                  ftcore lab [--mode active|passive] [--app counter|kv] [--duration 60s]
                             [--scenario m5-passive|m5-active|kill-backup|kill-leader|kill-recovering|kill-all|steady]
                             [--out DIR] [--tmux] [--interval 10ms] [--heartbeat-freq 100ms] [--seed N]
                             [--base-port N] [--clients 3]
          rm      ftcore rm [cluster flags]
          gfd     ftcore gfd [cluster flags]
          lfd     ftcore lfd --id LFD1 [--heartbeat-freq 1s] [--timeout 3s] [--log-dir DIR] [cluster flags]
          server  ftcore server --id S1 [--incarnation N] [cluster flags]   (an LFD normally launches it)
          client  ftcore client --id C1 [--auto [--interval 100ms] [--count N]] [--history FILE]
                                [--first-request 101] [cluster flags]     (manual: one request per typed line)
          admin   ftcore admin show|replicas N|heartbeat LFD1 500ms|gfd-heartbeat 500ms|checkpoint 2s
                               |primary S2|recovery auto|manual|launch S2 [cluster flags]
          pane    one tmux pane of a lab: follows RUNDIR/NAME.log; Ctrl-C in a replica's pane kills it (kill -9)
                  ftcore pane NAME --run-dir RUNDIR [--lines 20] [--recovery-hint auto|manual] [cluster flags]
          cluster flags: --cluster FILE or --addresses RM=h:p,GFD=h:p,..., and --mode --app --replicas --clients --base-port --lfd-heartbeat
                         --gfd-heartbeat --checkpoint-freq --recovery --primary (no flags: one machine, loopback)
          every role: --log FILE (append its lines), --quiet (no console), --log-level debug|info|warning

        the simulator:
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

        exit codes (sim, lab, bench): 0 every check held, 1 safety violation, 3 liveness violation, 2 bad usage;
                                      lab and bench: 130 when interrupted
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
                stdout.WriteLine(args[0] == "admin" ? AdminCli.Usage : Usage);
                return 0;
            }
            return args[0] switch
            {
                "sim" => SimCommand.Run(args[1..], stdout, stderr),
                "sim-bench" => SimBenchCommand.Run(args[1..], stdout),
                "bench" => BenchCommand.Run(args[1..], stdout, stderr),
                "admin" => AdminCli.Run(args[1..], stdout, stderr),
                "lab" => LabCommand.Run(args[1..], stdout, stderr),
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
