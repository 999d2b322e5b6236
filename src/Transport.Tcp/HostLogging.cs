using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtCore.Transport.Tcp;

/// <summary>
/// A process's loggers and where their lines go. Give <see cref="Output"/> to the host
/// (<see cref="HostOptions.Lines"/>) so it writes the lines before the messages they describe leave.
/// Disposing writes whatever is left and closes the file.
/// </summary>
internal sealed class HostLog(ILoggerFactory factory, LineOutput output) : ILoggerFactory
{
    public LineOutput Output { get; } = output;

    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => factory.AddProvider(provider);

    public void Dispose()
    {
        factory.Dispose();
        Output.Dispose();
    }
}

/// <summary>Builds the logger a host uses: the guide's lines on the console and/or appended to a file.</summary>
internal static class HostLogging
{
    public static HostLog Create(string? file, bool console, LogLevel level)
    {
        var output = new LineOutput(file, console);
        var factory = LoggerFactory.Create(b =>
        {
            b.ClearProviders();
            b.SetMinimumLevel(level);
            if (output.HasTargets) b.AddProvider(new LineLoggerProvider(output));
        });
        return new HostLog(factory, output);
    }

    public static ILogger Null => NullLogger.Instance;
}
