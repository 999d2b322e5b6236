namespace FtCore.Demo.Cli;

/// <summary>Flags printed under one heading: a command's own, or the cluster flags every role shares.</summary>
internal sealed record FlagGroup(string Title, IReadOnlyList<FlagSpec> Flags);
