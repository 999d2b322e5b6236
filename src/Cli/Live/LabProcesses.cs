using System.Diagnostics;
using System.Net;
using FtCore.Transport.Tcp;

namespace FtCore.Demo.Live;

/// <summary>
/// Every process a lab run starts, and every replica an LFD starts for it (through the pid files):
/// started with the cluster file, stopped cleanly when possible and by kill -9 otherwise, and the
/// cluster's ports checked free at the end.
/// </summary>
internal sealed class LabProcesses(string runDir, IReadOnlyList<string> clusterArgs) : IDisposable
{
    private readonly List<(string Name, Process Process, List<string> Errors)> _children = [];

    public string PidDir { get; } = Path.Combine(runDir, "pids");

    public IReadOnlyList<string> Names => _children.Select(c => c.Name).ToArray();

    public Process Start(string name, params string[] args)
    {
        var all = new List<string>(args);
        all.AddRange(clusterArgs);
        all.AddRange(["--log", Path.Combine(runDir, name + ".log"), "--quiet", "--pid-dir", PidDir]);
        var psi = SelfCommand.StartInfo(all);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        // Ctrl-C in the lab's terminal reaches every process of its group at once; the lab stops
        // them itself (clients first), so they, and the replicas their LFDs start, ignore it.
        psi.Environment[ShutdownSignal.IgnoreSigintVariable] = "1";
        // If the lab itself dies (kill -9), its processes stop on their own instead of running on.
        psi.Environment[LabWatch.Variable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}");
        var errors = new List<string>();
        p.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d) lock (errors) errors.Add(d); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d) lock (errors) errors.Add(d); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _children.Add((name, p, errors));
        return p;
    }

    /// <summary>A child that died on its own (not one we killed), with what it printed.</summary>
    public string? Crashed()
    {
        foreach (var (name, p, errors) in _children)
        {
            if (!p.HasExited) continue;
            string text;
            lock (errors) text = string.Join(" | ", errors.TakeLast(3));
            return $"{name} exited with code {p.ExitCode}{(text.Length > 0 ? ": " + text : "")}";
        }
        return null;
    }

    /// <summary>The running process of a replica or role, from the pid files (the newest live one).</summary>
    public int? PidOf(string name)
    {
        int? found = null;
        foreach (var (n, pid) in PidFiles.List(PidDir))
        {
            if (n == name && Signals.IsFtcore(pid, PidDir)) found = pid;
        }
        return found;
    }

    public bool IsChild(string name) => _children.Any(c => c.Name == name);

    /// <summary>Asks these children to stop (SIGTERM) and waits for them, up to <paramref name="wait"/>.</summary>
    public void Terminate(IEnumerable<string> names, TimeSpan wait)
    {
        var set = names.ToHashSet(StringComparer.Ordinal);
        var targets = _children.Where(c => set.Contains(c.Name) && !c.Process.HasExited).ToList();
        foreach (var c in targets) Signals.Terminate(c.Process.Id);
        var sw = Stopwatch.StartNew();
        foreach (var c in targets)
        {
            var left = wait - sw.Elapsed;
            if (left < TimeSpan.Zero || !c.Process.WaitForExit(left)) Signals.Kill9(c.Process.Id);
        }
    }

    /// <summary>Stops everything: children cleanly first, then kill -9 whatever still runs, our children and pid-file processes alike.</summary>
    public void StopAll(TimeSpan wait)
    {
        Terminate(_children.Select(c => c.Name), wait);
        foreach (var (_, p, _) in _children)
        {
            try { if (!p.HasExited) Signals.Kill9(p.Id); } catch (InvalidOperationException) { }
        }
        foreach (var (_, pid) in PidFiles.List(PidDir))
        {
            if (Signals.IsFtcore(pid, PidDir)) Signals.Kill9(pid);
        }
    }

    /// <summary>True once no process listens on any port of <paramref name="map"/>; polls up to <paramref name="wait"/>.</summary>
    public static bool WaitPortsFree(ClusterMap map, TimeSpan wait)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (map.Addresses.Values.All(PortFree)) return true;
            if (sw.Elapsed > wait) return false;
            Thread.Sleep(50);
        }
    }

    public static bool PortFree(IPEndPoint ep)
    {
        using var s = new System.Net.Sockets.Socket(ep.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            s.Bind(ep);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        StopAll(TimeSpan.FromSeconds(3));
        foreach (var (_, p, _) in _children) p.Dispose();
    }
}
