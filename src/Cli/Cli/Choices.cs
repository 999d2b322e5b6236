namespace FtCore.Demo.Cli;

/// <summary>Allowed values shared by several commands' flags: the parsers check against these lists and the help prints them.</summary>
internal static class Choices
{
    public static readonly string[] Modes = ["active", "passive"];
    /// <summary>The applications this program serves (<see cref="ProgramApps"/>).</summary>
    public static readonly IReadOnlyList<string> Apps = new ProgramApps.NameList();
    public static readonly string[] Recovery = ["auto", "manual"];
    public static readonly string[] LogLevels = ["debug", "info", "warning"];
    public static readonly string[] OnOff = ["on", "off"];
}
