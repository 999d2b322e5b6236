using System.Diagnostics;
using System.Globalization;
using FtCore.Core.Ids;
using FtCore.Transport.Tcp;
using Microsoft.Extensions.Logging;

namespace FtCore.Demo.Live;

/// <summary>
/// The LFD's local factory: starts <c>ftcore server --id Si --incarnation N</c> with the cluster's
/// own flags. A launch for a replica whose previous process still runs kills that one first, so
/// there is never a second copy of a replica on the machine.
/// </summary>
public sealed class ProcessLauncher(NodeId lfd, IReadOnlyList<string> clusterArgs, string? logDir, string? pidDir, ILogger log) : IReplicaLauncher, IDisposable
{
    /// <summary>How long a launched replica may take to start before a new launch replaces it.</summary>
    public static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(10);

    private readonly Dictionary<NodeId, Process> _children = [];
    private readonly Dictionary<NodeId, DateTime> _launchedAt = [];
    private long _lastIncarnation;

    public void Launch(NodeId replica)
    {
        if (_children.TryGetValue(replica, out var old) && !HasExited(old))
        {
            // Still starting (a loaded machine can take seconds): a second copy would only fight it.
            if (DateTime.UtcNow - _launchedAt[replica] < StartupGrace)
            {
                Say($"{lfd}: {replica} (pid {old.Id}) is still starting; launch request ignored");
                return;
            }
            // Running but declared failed (hung, or cut off): replace it, so there is never a second copy.
            Say($"{lfd}: {replica}'s previous process (pid {old.Id}) still runs; killing it before the relaunch");
            Kill(old);
            RemovePidFile(replica, old);
        }
        var incarnation = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastIncarnation + 1);
        _lastIncarnation = incarnation;
        var args = new List<string> { "server", "--id", replica.ToString(), "--incarnation", incarnation.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(clusterArgs);
        if (logDir is not null) args.AddRange(["--log", Path.Combine(logDir, replica + ".log"), "--quiet"]);
        if (pidDir is not null) args.AddRange(["--pid-dir", pidDir]);
        try
        {
            var p = Process.Start(SelfCommand.StartInfo(args)) ?? throw new InvalidOperationException("no process");
            _children[replica] = p;
            _launchedAt[replica] = DateTime.UtcNow;
            Say($"{lfd}: launched {replica} (pid {p.Id}, incarnation {incarnation})");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.Log(LogLevel.Error, LogEvents.Transport, $"{lfd}: could not launch {replica}: {e.Message}", null, static (s, _) => s);
        }
    }

    public void Stop(NodeId replica)
    {
        if (_children.Remove(replica, out var p) && !HasExited(p))
        {
            Kill(p);
            RemovePidFile(replica, p);
            Say($"{lfd}: stopped {replica} (pid {p.Id})");
        }
    }

    /// <summary>
    /// The LFD is going away: its replicas go with it, cleanly (SIGTERM: they close their
    /// connections, flush their logs and remove their pid files), by kill -9 after <paramref name="wait"/>.
    /// Call it once the LFD's host has stopped, so no launch can come in meanwhile.
    /// </summary>
    public void StopAll(TimeSpan wait)
    {
        var running = _children.Where(c => !HasExited(c.Value)).ToList();
        foreach (var (_, p) in running) Signals.Terminate(p.Id);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (replica, p) in running)
        {
            var left = wait - sw.Elapsed;
            if (left > TimeSpan.Zero && WaitForExit(p, left)) continue;
            Kill(p);
            RemovePidFile(replica, p);
        }
        _children.Clear();
    }

    private static bool WaitForExit(Process p, TimeSpan wait)
    {
        try { return p.WaitForExit(wait); } catch (InvalidOperationException) { return true; }
    }

    /// <summary>A killed replica cannot remove its own pid file; a stale one would name a pid the system may reuse.</summary>
    private void RemovePidFile(NodeId replica, Process p)
    {
        if (pidDir is not null) PidFiles.Remove(Path.Combine(pidDir, $"{replica}.{p.Id.ToString(CultureInfo.InvariantCulture)}"));
    }

    private static bool HasExited(Process p)
    {
        try { return p.HasExited; } catch (InvalidOperationException) { return true; }
    }

    private static void Kill(Process p)
    {
        try
        {
            p.Kill();
            p.WaitForExit(2000);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    private void Say(string text) => log.Log(LogLevel.Information, LogEvents.Transport, text, null, static (s, _) => s);

    public void Dispose()
    {
        foreach (var p in _children.Values) p.Dispose();
    }
}
