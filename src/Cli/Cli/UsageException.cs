namespace FtCore.Demo.Cli;

/// <summary>Bad usage or a bad input file: printed as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
