namespace FtCore.Demo.Cli;

/// <summary>
/// One ftcore command: what it does, how it is called, the flags it accepts (the table its parser
/// reads from) and an example. `ftcore NAME --help` prints it.
/// </summary>
internal sealed record CommandSpec
{
    public required string Name { get; init; }
    /// <summary>One line for the command list of `ftcore --help`.</summary>
    public required string Summary { get; init; }
    /// <summary>More about what it does, printed under the summary; may be empty.</summary>
    public string Description { get; init; } = "";
    public required IReadOnlyList<string> Synopsis { get; init; }
    /// <summary>Words before the flags (an admin subcommand, a pane's process name), as (usage, meaning).</summary>
    public IReadOnlyList<(string Usage, string Help)> Arguments { get; init; } = [];
    public string ArgumentsTitle { get; init; } = "arguments";
    public required IReadOnlyList<FlagGroup> Groups { get; init; }
    public required IReadOnlyList<string> Examples { get; init; }
    /// <summary>Lines after the examples (exit codes...).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public IEnumerable<FlagSpec> Flags => Groups.SelectMany(g => g.Flags);

    public FlagSpec? Find(string name) => Flags.FirstOrDefault(f => f.Name == name);
}
