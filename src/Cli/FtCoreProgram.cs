using FtCore.Core.App;
using FtCore.Demo;
using FtCore.Demo.Cli;
using FtCore.Demo.Commands;
using FtCore.Demo.Help;

namespace FtCore;

/// <summary>
/// Every ftcore command for your own applications. A console program whose Main is
/// <code>static int Main(string[] args) => FtCoreProgram.Run(args, new BankApp());</code>
/// is an ftcore of its own: <c>sim</c>, <c>lab</c>, <c>bench</c>, <c>rm</c>, <c>gfd</c>,
/// <c>lfd</c> (which launches this same program as its replicas), <c>server</c>, <c>client</c>
/// and <c>admin</c>, with <c>--app</c> choosing among the applications given (the first by default).
/// </summary>
public static class FtCoreProgram
{
    /// <summary>
    /// Runs the command in <paramref name="args"/> for <paramref name="apps"/>; returns the exit code.
    /// Two applications with one name (or a name that is not a plain word) are refused with one line
    /// and exit code 2.
    /// </summary>
    public static int Run(string[] args, params IApplication[] apps) =>
        Run(args, apps, ProgramNameWriter.For(Console.Out, ProgramApps.ProgramName), ProgramNameWriter.For(Console.Error, ProgramApps.ProgramName));

    /// <summary><see cref="Run(string[], IApplication[])"/> with its output captured (for tests).</summary>
    internal static int Run(string[] args, IApplication[] apps, TextWriter stdout, TextWriter stderr)
    {
        ApplicationSet set;
        try
        {
            set = new ApplicationSet(apps);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine("ftcore: " + e.Message.Split(" (Parameter", 2)[0]);
            return 2;
        }
        return Run(args, set, stdout, stderr);
    }

    /// <summary>Runs the command in <paramref name="args"/> for <paramref name="apps"/>; returns the exit code.</summary>
    public static int Run(string[] args, ApplicationSet apps) =>
        Run(args, apps, ProgramNameWriter.For(Console.Out, ProgramApps.ProgramName), ProgramNameWriter.For(Console.Error, ProgramApps.ProgramName));

    private static int Run(string[] args, ApplicationSet apps, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(apps);
        RuntimeTuning.Apply(args.Length > 0 ? args[0] : null);
        using var allocations = AllocationSampler.FromEnvironment();
        using (ProgramApps.Use(apps))
        {
            try
            {
                return Run(args, stdout, stderr);
            }
            finally
            {
                allocations?.Print(stderr);
            }
        }
    }

    /// <summary>The whole program but the runtime tuning, for the applications in use (<see cref="ProgramApps"/>), with its output captured (for tests).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
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
                "diagnose" => DiagnoseCommand.Run(args[1..], stdout),
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
