using Microsoft.Extensions.Logging;

namespace FtCore.Transport.Tcp;

/// <summary>
/// Logs the guide's lines to a <see cref="LineOutput"/>, synchronously: a line is in the output's
/// buffer when Log returns, and written out at the host's next commit (no background queue that a
/// kill -9 would empty).
/// </summary>
internal sealed class LineLoggerProvider(LineOutput output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(output);

    /// <summary>The output belongs to whoever made it (<see cref="HostLog"/>): it outlives the logger factory.</summary>
    public void Dispose()
    {
    }

    private sealed class LineLogger(LineOutput output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            output.Add(GuideLineFormatter.Format(DateTime.Now, logLevel, formatter(state, exception), exception));
        }
    }
}
