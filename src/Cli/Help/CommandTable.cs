using System.Reflection;
using System.Text;
using FtCore.Demo.Cli;

namespace FtCore.Demo.Help;

/// <summary>Every ftcore command's spec, the overview `ftcore --help` prints, and the version.</summary>
internal static class CommandTable
{
    public static readonly IReadOnlyList<CommandSpec> Live =
        [LabSpec.Command, RoleSpecs.Rm, RoleSpecs.Gfd, RoleSpecs.Lfd, RoleSpecs.Server, RoleSpecs.Client, AdminSpec.Command, PaneSpec.Command, DiagnoseSpec.Command];

    public static readonly IReadOnlyList<CommandSpec> Offline = [SimSpec.Command, SimBenchSpec.Command, BenchSpec.Command];

    public static IEnumerable<CommandSpec> All => Live.Concat(Offline);

    public static CommandSpec? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>The command named, or a usage error that says what exists.</summary>
    public static CommandSpec Require(string name)
    {
        if (Find(name) is { } spec) return spec;
        var near = Suggestions.Nearest(name, All.Select(s => s.Name).Append("help").Append("version"));
        throw new UsageException($"unknown command '{name}' ({(near is null ? "" : $"did you mean {near}? ")}see: ftcore --help)");
    }

    public static string Overview()
    {
        var sb = new StringBuilder();
        var me = ProgramApps.ProgramName;
        var pad = new string(' ', me.Length);
        sb.AppendLine($"usage: {me} <command> [flags]");
        sb.AppendLine($"       {me} <command> --help   its flags, defaults and an example (or: {me} help <command>)");
        sb.AppendLine($"       {me} --version          the version (or: {me} version)");
        var column = HelpWriter.Column(All.Select(s => s.Name));
        sb.AppendLine().AppendLine("the live system (real processes on TCP, one per role; on one machine or several):");
        HelpWriter.Table(sb, Rows(Live), column);
        sb.AppendLine().AppendLine("the simulator and benchmarks:");
        HelpWriter.Table(sb, Rows(Offline), column);
        sb.AppendLine().AppendLine("applications (--app NAME; the first is the default):");
        HelpWriter.Table(sb, [.. ProgramApps.Current.Select(a => (a.Name, a.Summary))], HelpWriter.Column(ProgramApps.Current.Names));
        sb.AppendLine();
        HelpWriter.Wrap(sb, "exit codes (sim, lab, bench): 0 every check held, 1 safety violation, 3 liveness violation, 2 bad usage; "
            + "lab and bench: 130 when interrupted", 0, 2);
        return sb.ToString().TrimEnd('\n');
    }

    private static List<(string, string)> Rows(IEnumerable<CommandSpec> specs) =>
        [.. specs.Select(s => (s.Name, s.Summary))];

    /// <summary>"ftcore 0.9.0+1a2b3c4d5e6f": the assembly's informational version, its commit shortened.</summary>
    public static string Version()
    {
        var v = typeof(CommandTable).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(CommandTable).Assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = v.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0 && v.Length > plus + 13) v = v[..(plus + 13)];
        return ProgramApps.ProgramName == "ftcore" ? "ftcore " + v : $"{ProgramApps.ProgramName} (FtCore {v})";
    }
}
