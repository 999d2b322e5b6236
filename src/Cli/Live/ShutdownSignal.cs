using System.Runtime.InteropServices;

namespace FtCore.Demo.Live;

/// <summary>Ctrl-C (SIGINT) or SIGTERM asks the process to stop cleanly; a second one while stopping is ignored.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    /// <summary>
    /// Set (to 1) for the processes a lab starts, and so for the replicas their LFDs start: they
    /// ignore SIGINT. Ctrl-C in the lab's terminal reaches its whole process group, and a replica
    /// stopping at once would strand a client's outstanding request; the lab stops its processes
    /// itself with SIGTERM, clients first.
    /// </summary>
    public const string IgnoreSigintVariable = "FTCORE_IGNORE_SIGINT";

    private readonly bool _ignoreSigint = Environment.GetEnvironmentVariable(IgnoreSigintVariable) == "1";

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
        if (c.Signal == PosixSignal.SIGINT && _ignoreSigint) return;
        _requested.TrySetResult(c.Signal == PosixSignal.SIGINT ? "Ctrl-C" : "SIGTERM");
    }

    public void Dispose()
    {
        _int.Dispose();
        _term.Dispose();
    }
}
