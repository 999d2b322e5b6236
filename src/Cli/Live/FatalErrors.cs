using FtCore.Transport.Tcp;
using Microsoft.Extensions.Logging;

namespace FtCore.Demo.Live;

/// <summary>
/// An exception nobody caught, on any thread, is the process's last line: written to its log (and
/// the console) before the runtime prints it to stderr and ends the process (status 134, SIGABRT,
/// or the runtime's own code).
/// </summary>
internal sealed class FatalErrors : IDisposable
{
    private readonly ILogger _log;
    private readonly LineOutput _output;

    private FatalErrors(ILogger log, LineOutput output)
    {
        _log = log;
        _output = output;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandled;
    }

    public static FatalErrors Log(ILogger log, LineOutput output) => new(log, output);

    private void OnUnhandled(object? sender, UnhandledExceptionEventArgs e)
    {
        _log.Log(LogLevel.Critical, LogEvents.Transport, "fatal error: unhandled exception", e.ExceptionObject as Exception, static (s, _) => s);
        _output.Commit();
    }

    public void Dispose() => AppDomain.CurrentDomain.UnhandledException -= OnUnhandled;
}
