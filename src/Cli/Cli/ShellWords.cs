namespace FtCore.Demo.Cli;

/// <summary>Words for a command line a user can paste into a POSIX shell.</summary>
internal static class ShellWords
{
    /// <summary>The word as is when the shell leaves it alone, else in single quotes.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_./:=@%+,-".Contains(c, StringComparison.Ordinal))) return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
