using System.Runtime.InteropServices;

namespace FtCore.Demo.Live;

/// <summary>Ctrl-C (SIGINT) or SIGTERM asks the process to stop cleanly; a second one while stopping is ignored.</summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly TaskCompletionSource<string> _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _int;
    private readonly PosixSignalRegistration _term;

    public ShutdownSignal()
    {
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, On);
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, On);
    }

    public Task<string> Requested => _requested.Task;

    public void Request(string why) => _requested.TrySetResult(why);

    private void On(PosixSignalContext c)
    {
        c.Cancel = true;
        _requested.TrySetResult(c.Signal == PosixSignal.SIGINT ? "Ctrl-C" : "SIGTERM");
    }

    public void Dispose()
    {
        _int.Dispose();
        _term.Dispose();
    }
}
