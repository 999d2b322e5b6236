using FtCore.Demo.Cli;
using FtCore.Demo.Commands;
using FtCore.Demo.Help;

namespace FtCore.Demo;

/// <summary>The ftcore program: one command per job. The only place that writes to the console.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        RuntimeTuning.Apply(args.Length > 0 ? args[0] : null);
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>The whole program but the runtime tuning, with its output captured by tests.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (args.Length == 0)
            {
                stderr.WriteLine(CommandTable.Overview());
                return 2;
            }
            switch (args[0])
            {
                case "help" or "--help" or "-h":
                    if (args.Length > 2) throw new UsageException($"{args[0]} takes at most one command name (like: ftcore help lab)");
                    stdout.WriteLine(args.Length == 1 || args[1] is "help" or "--help" or "-h" ? CommandTable.Overview() : HelpWriter.Render(CommandTable.Require(args[1])));
                    return 0;
                case "version" or "--version":
                    if (args.Length > 1) throw new UsageException($"{args[0]} takes no arguments");
                    stdout.WriteLine(CommandTable.Version());
                    return 0;
            }
            var spec = CommandTable.Require(args[0]);
            if (args[1..].Any(a => a is "--help" or "-h"))
            {
                stdout.WriteLine(HelpWriter.Render(spec));
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
                _ => throw new InvalidOperationException($"command {args[0]} has a spec but no runner"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine("ftcore: " + e.Message);
            return 2;
        }
    }
}
