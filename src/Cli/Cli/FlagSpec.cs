namespace FtCore.Demo.Cli;

/// <summary>
/// One flag a command accepts: its name, what it takes (nothing for a switch), its default and its
/// allowed values. The command's parser accepts exactly its specs' names and its help prints them,
/// so the two cannot drift apart.
/// </summary>
internal sealed record FlagSpec
{
    public required string Name { get; init; }
    /// <summary>What follows the flag in the help (N, DIR, 60s...); null for a switch.</summary>
    public string? Value { get; init; }
    public required string Help { get; init; }
    public string? Default { get; init; }
    /// <summary>The only values accepted, when the flag is a choice.</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    public bool IsSwitch => Value is null;

    public static FlagSpec Switch(string name, string help) => new() { Name = name, Help = help };

    public static FlagSpec Of(string name, string value, string help, string? @default = null) =>
        new() { Name = name, Value = value, Help = help, Default = @default };

    /// <summary>--app: one of the applications this program serves, the first by default.</summary>
    public static FlagSpec App(string help = "the replicated application (default: the first listed)") =>
        new() { Name = "--app", Value = "APP", Help = help, Allowed = Choices.Apps };

    /// <summary>A choice: shown as a|b|c when that is short, else as <paramref name="value"/> with the list in the text.</summary>

    public static FlagSpec Choice(string name, IReadOnlyList<string> allowed, string help, string? @default = null, string value = "NAME") =>
        new() { Name = name, Value = string.Join('|', allowed).Length <= 16 ? string.Join('|', allowed) : value, Help = help, Default = @default, Allowed = allowed };
}
