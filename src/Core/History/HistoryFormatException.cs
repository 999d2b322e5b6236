namespace FtCore.Core.History;

/// <summary>
/// A malformed history: a bad line in a history file (the message starts with "line N: ") or a
/// history whose events do not pair up (a completion with no invoke, two invokes of one request).
/// </summary>
public sealed class HistoryFormatException : FormatException
{
    public HistoryFormatException()
    {
    }

    public HistoryFormatException(string message)
        : base(message)
    {
    }

    public HistoryFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A problem on one line of a history file: the message is "line N: problem".</summary>
    public HistoryFormatException(int lineNumber, string problem, Exception? innerException = null)
        : base($"line {lineNumber}: {problem}", innerException)
    {
        LineNumber = lineNumber;
    }

    /// <summary>The 1-based line of the history file, when the problem is on one line.</summary>
    public int? LineNumber { get; }
}
