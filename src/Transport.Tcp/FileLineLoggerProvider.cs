using System.Text;
using Microsoft.Extensions.Logging;

namespace FtCore.Transport.Tcp;

/// <summary>
/// Appends the guide's lines to a file (<c>&lt;process&gt;.log</c> in a lab run folder). Lines are
/// buffered and written every 100 ms and at dispose, so logging never waits for the disk.
/// </summary>
public sealed class FileLineLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly Timer _flush;
    private readonly object _gate = new();
    private bool _disposed;

    public FileLineLoggerProvider(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete), new UTF8Encoding(false), 1 << 16);
        _flush = new Timer(_ => Flush(), null, 100, 100);
    }

    public ILogger CreateLogger(string categoryName) => new FileLineLogger(this);

    internal void Write(string line)
    {
        lock (_gate)
        {
            if (!_disposed) _writer.Write(line);
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed) _writer.Flush();
        }
    }

    public void Dispose()
    {
        _flush.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _writer.Dispose();
        }
    }

    private sealed class FileLineLogger(FileLineLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Write(GuideLineFormatter.Format(DateTime.Now, logLevel, formatter(state, exception)));
        }
    }
}
