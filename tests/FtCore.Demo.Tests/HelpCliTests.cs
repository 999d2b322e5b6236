using System.Text.RegularExpressions;
using FtCore.Demo.Cli;
using FtCore.Demo.Help;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>
/// ftcore's help: one per command listing every flag its parser reads (with allowed values and
/// defaults) and an example; the overview; --version; unknown commands and flags pointing to the help.
/// </summary>
public sealed partial class HelpCliTests
{
    public static TheoryData<string> Commands() => [.. CommandTable.All.Select(s => s.Name)];

    private static (int Exit, string Stdout, string Stderr) Ftcore(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = FtCoreProgram.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string HelpOf(string command)
    {
        var (exit, stdout, stderr) = Ftcore(command, "--help");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        return stdout;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_commands_help_exits_0_with_its_usage_and_an_example(string command)
    {
        var (exit, stdout, stderr) = Ftcore(command, "--help");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.StartsWith($"ftcore {command}: ", stdout, StringComparison.Ordinal);
        Assert.Contains("\nusage:\n  ftcore " + command, stdout, StringComparison.Ordinal);
        var lines = stdout.ReplaceLineEndings("\n").Split('\n');
        var example = Array.FindIndex(lines, l => l is "example:" or "examples:");
        Assert.True(example > 0, "no example section:\n" + stdout);
        Assert.StartsWith($"  ftcore {command} ", lines[example + 1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.True(l.Length <= HelpWriter.Width, $"longer than {HelpWriter.Width}: {l}"));
        // -h, `help NAME` and --help among other flags print the same.
        Assert.Equal((0, stdout, ""), Ftcore(command, "-h"));
        Assert.Equal((0, stdout, ""), Ftcore("help", command));
        Assert.Equal((0, stdout, ""), Ftcore(command, "--mode", "sideways", "--help"));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_commands_help_lists_every_flag_of_its_spec_with_its_values_and_default(string command)
    {
        var help = HelpOf(command);
        var spec = CommandTable.Require(command);
        foreach (var f in spec.Flags)
        {
            _ = Assert.Single(help.Split('\n'), l => l.StartsWith("  " + f.Name + " ", StringComparison.Ordinal) || l.TrimEnd() == "  " + f.Name);
            // The description wraps: look for the values and default in the flag's described text.
            var text = HelpWriter.Describe(f);
            Assert.Contains(Collapse(text), Collapse(help), StringComparison.Ordinal);
            Assert.Contains(HelpWriter.Left(f), help, StringComparison.Ordinal);
            foreach (var v in f.Allowed ?? []) Assert.Contains(v, HelpWriter.Left(f) + " " + text, StringComparison.Ordinal);
            if (f.Default is not null) Assert.Contains($"(default: {f.Default})", text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Independent of the specs: every "--flag" string in a command's parser source (what it reads,
    /// checks or passes on) must be in that command's help. A flag added to a parser but not to its
    /// spec cannot be given at all (ArgReader accepts only the spec's names); this catches it here.
    /// </summary>
    [Theory]
    [InlineData("Commands/LabCommand.cs", "lab")]
    [InlineData("Commands/SimCommand.cs", "sim")]
    [InlineData("Commands/SimBenchCommand.cs", "sim-bench")]
    [InlineData("Bench/BenchOptions.cs", "bench")]
    [InlineData("Commands/AdminCli.cs", "admin")]
    [InlineData("Commands/PaneCommand.cs", "pane")]
    [InlineData("Commands/RoleCommand.cs", "rm gfd lfd server client")]
    [InlineData("Live/ClusterConfig.cs", "rm gfd lfd server client admin pane")]
    public void Every_flag_a_parser_mentions_is_in_its_commands_help(string source, string commands)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Cli", source));
        var flags = FlagLiteral().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(flags);
        var names = commands.Split(' ');
        var helps = names.Select(HelpOf).ToList();
        foreach (var flag in flags)
        {
            // RoleCommand's lfd/client flags are each in one role's help; cluster flags in every one.
            var inSome = helps.Any(h => HelpMentions(h, flag));
            Assert.True(inSome, $"{source} reads {flag}, which is in no help of: {commands}");
            if (source.StartsWith("Live/", StringComparison.Ordinal))
            {
                Assert.All(names.Zip(helps), x => Assert.True(HelpMentions(x.Second, flag), $"{flag} is not in ftcore {x.First} --help"));
            }
        }
    }

    [Fact]
    public void Every_admin_subcommand_the_parser_knows_is_in_the_admin_help()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Cli", "Commands", "AdminCli.cs"));
        var words = AdminCase().Matches(text).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Where(w => w.Length > 0).ToList();
        Assert.Contains("checkpoint", words);
        var help = HelpOf("admin");
        foreach (var w in words) Assert.True(HelpMentions(help, w), $"admin {w} is not in ftcore admin --help");
    }

    [Fact]
    public void Asking_about_a_flag_the_spec_does_not_declare_is_a_bug()
    {
        var a = new ArgReader([], SimBenchSpec.Command);
        Assert.Throws<InvalidOperationException>(() => a.Has("--no-such-flag"));
        Assert.Throws<InvalidOperationException>(() => a.Choice("--runs", "1"));
        Assert.Equal("active", a.Choice("--mode", "active"));
    }

    [Theory]
    [InlineData("lab")]
    [InlineData("rm")]
    [InlineData("gfd")]
    [InlineData("lfd", "--id", "LFD1")]
    [InlineData("server", "--id", "S1")]
    [InlineData("client", "--id", "C1")]
    [InlineData("admin", "show")]
    [InlineData("pane", "S1")]
    [InlineData("sim")]
    [InlineData("sim-bench")]
    [InlineData("bench")]
    [InlineData("bench", "--failover")]
    public void An_unknown_flag_is_one_line_exit_2_pointing_to_the_commands_help(string command, params string[] before)
    {
        var (exit, stdout, stderr) = Ftcore([command, .. before, "--no-such-flag", "1"]);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.StartsWith("ftcore: unknown flag '--no-such-flag'", line, StringComparison.Ordinal);
        Assert.Contains($"see: ftcore {command} --help", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_near_miss_flag_gets_a_suggestion()
    {
        var (exit, _, stderr) = Ftcore("lfd", "--id", "LFD1", "--heartbeat", "1s");
        Assert.Equal(2, exit);
        Assert.Contains("did you mean --heartbeat-freq?", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("simm", "did you mean sim?")]
    [InlineData("frobnicate", "see: ftcore --help")]
    public void An_unknown_command_is_one_line_exit_2_pointing_to_the_overview(string command, string mustContain)
    {
        foreach (var args in new[] { new[] { command }, ["help", command], [command, "--help"] })
        {
            var (exit, stdout, stderr) = Ftcore(args);
            Assert.Equal(2, exit);
            Assert.Equal("", stdout);
            var line = Assert.Single(stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
            Assert.StartsWith($"ftcore: unknown command '{command}'", line, StringComparison.Ordinal);
            Assert.Contains(mustContain, line, StringComparison.Ordinal);
            Assert.Contains("see: ftcore --help", line, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void The_overview_lists_every_command_in_one_line_each(string word)
    {
        var (exit, stdout, stderr) = Ftcore(word);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("ftcore <command> --help", stdout, StringComparison.Ordinal);
        Assert.Contains("ftcore --version", stdout, StringComparison.Ordinal);
        var lines = stdout.ReplaceLineEndings("\n").Split('\n');
        foreach (var spec in CommandTable.All)
        {
            Assert.Single(lines, l => l.StartsWith($"  {spec.Name} ", StringComparison.Ordinal) && l.EndsWith(spec.Summary, StringComparison.Ordinal));
        }
        Assert.All(lines, l => Assert.True(l.Length <= HelpWriter.Width, $"longer than {HelpWriter.Width}: {l}"));
    }

    [Fact]
    public void No_arguments_print_the_overview_to_stderr_and_exit_2()
    {
        var (exit, stdout, stderr) = Ftcore();
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(Ftcore("--help").Stdout, stderr);
        Assert.Equal((0, stderr, ""), Ftcore("help", "--help"));
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public void Version_prints_the_assembly_version_and_exits_0(string word)
    {
        var (exit, stdout, stderr) = Ftcore(word);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Matches(@"^ftcore \d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9a-f]{1,12})?\n$", stdout.ReplaceLineEndings("\n"));
        Assert.Equal(2, Ftcore(word, "extra").Exit);
    }

    [Fact]
    public void Help_takes_one_command_at_most()
    {
        var (exit, _, stderr) = Ftcore("help", "lab", "sim");
        Assert.Equal(2, exit);
        Assert.Contains("at most one command", stderr, StringComparison.Ordinal);
    }

    private static bool HelpMentions(string help, string flag) =>
        Regex.IsMatch(help, "(^|[\\s\\[(`])" + Regex.Escape(flag) + "($|[\\s\\]=)/,;`])", RegexOptions.Multiline);

    private static string Collapse(string s) => WhiteSpace().Replace(s, " ");

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "FtCore.sln"))) return d.FullName;
        }
        throw new InvalidOperationException("FtCore.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("\"(--[a-z][a-z0-9-]*)\"")]
    private static partial Regex FlagLiteral();

    [GeneratedRegex("case \"([a-z-]+)\"(?: or \"([a-z-]+)\")?:")]
    private static partial Regex AdminCase();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
