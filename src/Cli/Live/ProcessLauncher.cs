using System.Diagnostics;
using System.Globalization;
using FtCore.Core.Ids;
using FtCore.Transport.Tcp;
using Microsoft.Extensions.Logging;

namespace FtCore.Demo.Live;

/// <summary>
/// The LFD's local factory: starts <c>ftcore server --id Si --incarnation N</c> with the cluster's
/// own flags, and says how each one it started ended. The LFD asks for a launch only for a replica
/// that is not registered with it (or failed its heartbeats); if a process of that replica still
/// runs (its own child, or one its previous incarnation launched, found through the pid files),
/// it is killed first (kill -9), so there is never a second copy of a replica on the machine and
/// a hung one cannot hold the replica's port. A process gets time to start and register before
/// that: <see cref="StartupGrace"/> until it listens (its pid file appears), then
/// <see cref="RegisterGrace"/>.
/// </summary>
internal sealed class ProcessLauncher(NodeId lfd, IReadOnlyList<string> clusterArgs, string? logDir, string? pidDir, ILogger log) : IReplicaLauncher, IDisposable
{
    /// <summary>How long a launched replica may take to start listening (a loaded machine can take seconds) before a new launch replaces it.</summary>
    public static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(10);

    /// <summary>The least time a replica gets to register once it listens: a replica that lost its LFD registers again within a second.</summary>
    public static readonly TimeSpan MinRegisterGrace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a replica that listens may stay unregistered before a launch replaces it, counted
    /// from when it started listening, and for one this LFD did not launch, from this LFD's start.
    /// Called on the loop thread (the LFD's timeout: <see cref="MinRegisterGrace"/> at least).
    /// </summary>
    public Func<TimeSpan> RegisterGrace { get; init; } = () => MinRegisterGrace;

    /// <summary>
    /// Called (on the thread pool) with the replica and incarnation of each process this LFD
    /// launched, once it has exited: the LFD role fails it at once (<c>Lfd.ReplicaExited</c>).
    /// </summary>
    public Action<NodeId, long>? Exited { get; set; }

    private readonly Dictionary<NodeId, Process> _children = [];
    private readonly Dictionary<NodeId, DateTime> _launchedAt = [];
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private long _lastIncarnation;

    public void Launch(NodeId replica)
    {
        var running = Running(replica);
        if (running.Count > 0)
        {
            var now = DateTime.UtcNow;
            var grace = RegisterGrace();
            foreach (var (pid, launchedAt, listeningSince) in running)
            {
                if (listeningSince is null && launchedAt is { } at && now - at < StartupGrace)
                {
                    // Still starting (a loaded machine can take seconds): a second copy would only fight it.
                    Say($"{lfd}: {replica} (pid {pid}) is still starting; launch request ignored");
                    return;
                }
                var since = Max(listeningSince ?? launchedAt ?? _startedAt, _startedAt);
                if (now - since < grace)
                {
                    Say($"{lfd}: {replica} (pid {pid}) has not registered yet (listening for {(now - since).TotalMilliseconds:0} ms, waiting {grace.TotalMilliseconds:0} ms); launch request ignored");
                    return;
                }
            }
            foreach (var (pid, launchedAt, _) in running)
            {
                // Running but not registered, or declared failed (hung, or cut off): replace it.
                var which = launchedAt is null ? $"{replica} (pid {pid}, launched by a previous LFD)" : $"{replica}'s previous process (pid {pid})";
                Say($"{lfd}: {which} still runs and is not registered; killing it (kill -9) before the relaunch");
                Kill(replica, pid);
            }
        }
        Start(replica);
    }

    private void Start(NodeId replica)
    {
        var incarnation = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastIncarnation + 1);
        _lastIncarnation = incarnation;
        var args = new List<string> { "server", "--id", replica.ToString(), "--incarnation", incarnation.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(clusterArgs);
        if (logDir is not null) args.AddRange(["--log", Path.Combine(logDir, replica + ".log"), "--quiet"]);
        if (pidDir is not null) args.AddRange(["--pid-dir", pidDir]);
        try
        {
            var p = new Process { StartInfo = SelfCommand.StartInfo(args), EnableRaisingEvents = true };
            p.Exited += (_, _) => ReportExit(replica, incarnation, p);
            if (!p.Start()) throw new InvalidOperationException("no process");
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
        foreach (var (pid, _, _) in Running(replica))
        {
            Kill(replica, pid);
            Say($"{lfd}: stopped {replica} (pid {pid})");
        }
        _children.Remove(replica, out var p);
        p?.Dispose();
    }

    /// <summary>
    /// The processes of <paramref name="replica"/> that run now: the child this LFD launched (with
    /// when), and any other one whose pid file is in the pid folder and whose command line is an
    /// ftcore server of that replica and folder (a previous LFD's, or one started by hand). With
    /// when each started listening (its pid file's time), when known.
    /// </summary>
    private List<(int Pid, DateTime? LaunchedAt, DateTime? ListeningSince)> Running(NodeId replica)
    {
        var found = new List<(int, DateTime?, DateTime?)>();
        var name = replica.ToString();
        int? child = null;
        if (_children.TryGetValue(replica, out var p) && !HasExited(p))
        {
            child = p.Id;
            found.Add((p.Id, _launchedAt[replica], ListeningSince(replica, p.Id)));
        }
        if (pidDir is null) return found;
        foreach (var (n, pid) in PidFiles.List(pidDir))
        {
            if (n != name || pid == child || pid == Environment.ProcessId) continue;
            if (Signals.IsFtcore(pid, pidDir) && Signals.IsFtcore(pid, "server") && Signals.IsFtcore(pid, name))
            {
                found.Add((pid, null, ListeningSince(replica, pid) ?? _startedAt));
            }
        }
        return found;
    }

    /// <summary>When the replica wrote its pid file (it does once it listens and its role started); null without one.</summary>
    private DateTime? ListeningSince(NodeId replica, int pid)
    {
        if (PidFile(replica, pid) is not { } path) return null;
        try
        {
            return File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private string? PidFile(NodeId replica, int pid) =>
        pidDir is null ? null : Path.Combine(pidDir, $"{replica}.{pid.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// The LFD is going away: the replicas it launched go with it, cleanly (SIGTERM: they close
    /// their connections, flush their logs and remove their pid files), by kill -9 after
    /// <paramref name="wait"/>. Call it once the LFD's host has stopped, so no launch can come in meanwhile.
    /// </summary>
    public void StopAll(TimeSpan wait)
    {
        var running = _children.Where(c => !HasExited(c.Value)).ToList();
        foreach (var (_, p) in running) Signals.Terminate(p.Id);
        var sw = Stopwatch.StartNew();
        foreach (var (replica, p) in running)
        {
            var left = wait - sw.Elapsed;
            if (left > TimeSpan.Zero && WaitForExit(p, left)) continue;
            Kill(replica, p.Id);
        }
        _children.Clear();
    }

    private static bool WaitForExit(Process p, TimeSpan wait)
    {
        try { return p.WaitForExit(wait); } catch (InvalidOperationException) { return true; }
    }

    private static bool HasExited(Process p)
    {
        try { return p.HasExited; } catch (InvalidOperationException) { return true; }
    }

    /// <summary>kill -9 (a stopped process dies too), then its pid file: a killed replica cannot remove its own, and a stale one would name a pid the system may reuse.</summary>
    private void Kill(NodeId replica, int pid)
    {
        if (_children.TryGetValue(replica, out var p) && p.Id == pid && !HasExited(p))
        {
            try
            {
                p.Kill();
                p.WaitForExit(2000);
            }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
        }
        else
        {
            Signals.Kill9(pid);
        }
        PidFiles.Remove(PidFile(replica, pid));
    }

    /// <summary>One line when a replica this LFD launched ends, however it ends (on the thread pool).</summary>
    private void ReportExit(NodeId replica, long incarnation, Process p)
    {
        int pid, code;
        try
        {
            pid = p.Id;
            code = p.ExitCode;
        }
        catch (InvalidOperationException) { return; }
        Say($"{lfd}: {replica} (pid {pid}) {DescribeExit(code)}");
        Exited?.Invoke(replica, incarnation);
    }

    /// <summary>
    /// .NET reports a process ended by signal s as status 128 + s, as shells do; ftcore itself
    /// exits with 0, 1 or 2, so a status above 128 is a signal.
    /// </summary>
    public static string DescribeExit(int code) => code switch
    {
        137 => "killed by signal 9 (SIGKILL)",
        143 => "killed by signal 15 (SIGTERM)",
        134 => "exited with status 134 (SIGABRT: a fatal error; its log says why)",
        > 128 and <= 128 + 64 => $"exited with status {code} (signal {code - 128})",
        _ => $"exited with status {code}",
    };

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private void Say(string text) => log.Log(LogLevel.Information, LogEvents.Transport, text, null, static (s, _) => s);

    public void Dispose()
    {
        foreach (var p in _children.Values) p.Dispose();
    }
}
