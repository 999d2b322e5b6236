using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace FtCore.Transport.Tcp;

/// <summary>
/// Prints every log entry as the guide's console line: <c>[08:31:02.123] Sent &lt;C1, S1, 101, request&gt;</c>.
/// The timestamp is the local wall clock to the millisecond, taken when the line is written.
/// </summary>
public sealed class GuideLineFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "ftcore";

    public override void Write<TState>(in LogEntry<TState> logEntry, Microsoft.Extensions.Logging.IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var text = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (text is null) return;
        textWriter.Write(Format(DateTime.Now, logEntry.LogLevel, text));
        if (logEntry.Exception is { } e) textWriter.Write(e + Environment.NewLine);
    }

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
}

/// <summary>Builds the logger a host uses: the guide's lines on the console and/or appended to a file.</summary>
public static class HostLogging
{
    public static ILoggerFactory Create(string? file, bool console, LogLevel level)
    {
        return LoggerFactory.Create(b =>
        {
            b.ClearProviders();
            b.SetMinimumLevel(level);
            if (console)
            {
                b.AddConsole(o => o.FormatterName = GuideLineFormatter.FormatterName);
                b.AddConsoleFormatter<GuideLineFormatter, ConsoleFormatterOptions>();
            }
            // Registered as a factory, not an instance, so the logger factory owns it and disposing
            // the factory flushes the file (an instance passed to AddProvider is never disposed: the
            // last lines before exit were lost).
            if (file is not null) b.Services.AddSingleton<ILoggerProvider>(_ => new FileLineLoggerProvider(file));
        });
    }

    public static ILogger Null => NullLogger.Instance;
}
