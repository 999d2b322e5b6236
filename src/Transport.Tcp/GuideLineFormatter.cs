using System.Globalization;
using Microsoft.Extensions.Logging;

namespace FtCore.Transport.Tcp;

/// <summary>
/// The guide's console line: <c>[08:31:02.123] Sent &lt;C1, S1, 101, request&gt;</c>. The timestamp
/// is the local wall clock to the millisecond, taken when the line is logged.
/// </summary>
internal static class GuideLineFormatter
{
    /// <summary>One line, newline included: <c>[HH:mm:ss.fff] text</c>; warnings and errors say so.</summary>
    public static string Format(DateTime at, LogLevel level, string text)
    {
        var prefix = level switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => "",
        };
        return "[" + at.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + "] " + prefix + text + "\n";
    }

    /// <summary>The line, followed by the exception's text when there is one.</summary>
    public static string Format(DateTime at, LogLevel level, string text, Exception? exception) =>
        exception is null ? Format(at, level, text) : Format(at, level, text) + exception + "\n";
}
