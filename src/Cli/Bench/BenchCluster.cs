using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Demo.Live;
using FtCore.Transport.Tcp;

namespace FtCore.Demo.Bench;

/// <summary>
/// The cluster a bench runs against: RM, GFD and three LFDs as ftcore processes on loopback ports
/// of its own (the LFDs launch S1..S3 when the RM asks), all logging warnings only, to files in a
/// run folder. Everything it started, and every replica an LFD started (found through the pid
/// files), is killed by PID on dispose; then it waits until no port of the cluster is bound.
/// </summary>
internal sealed class BenchCluster : IDisposable
{
    private const int Machines = 3;
    private const int Replicas = 3;
    private readonly List<Process> _started = [];
    private readonly List<StreamWriter> _outputs = [];
    private readonly string _logLevel;
    private bool _disposed;

    public BenchCluster(int basePort, IReadOnlyList<string> clusterArgs, string logLevel = "warning")
    {
        _logLevel = logLevel;
        BasePort = basePort;
        Dir = Path.Combine(Path.GetTempPath(), "ftcore-bench", $"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{basePort.ToString(CultureInfo.InvariantCulture)}");
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
        Directory.CreateDirectory(Dir);
        ClusterArgs = ["--base-port", basePort.ToString(CultureInfo.InvariantCulture), .. clusterArgs];
        Map = ClusterMap.Loopback(Machines, Replicas, basePort);
    }

    public int BasePort { get; }

    /// <summary>Run folder: every process's log and pid file.</summary>
    public string Dir { get; }

    public IReadOnlyList<string> ClusterArgs { get; }

    public ClusterMap Map { get; }

    public string PidDir => Path.Combine(Dir, "pids");

    /// <summary>A base port whose whole plan (RM, GFD, LFD1..3, S1..3) is free, below the ephemeral range and away from the default 7000..7103.</summary>
    public static int PickBasePort()
    {
        var (low, _) = EphemeralRange();
        var top = Math.Max(12_000, Math.Min(low, 60_000) - 200);
        var seed = Environment.ProcessId ^ (int)(Stopwatch.GetTimestamp() & 0x7fff_ffff);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = 10_000 + (int)((uint)(seed + (attempt * 7919)) % (uint)((top - 10_000) / 200)) * 200;
            if (ClusterMap.Loopback(Machines, Replicas, candidate).Addresses.Values.All(PortFree)) return candidate;
        }
        throw new InvalidOperationException("found no free range of loopback ports for the bench cluster");
    }

    internal static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var lo) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var hi)) return (lo, hi);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return (32768, 60999);
    }

    public static bool PortFree(IPEndPoint ep)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            s.Bind(ep);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>RM, GFD and the LFDs; the RM then has the LFDs launch S1..S3.</summary>
    public void Start()
    {
        Start("RM", "rm");
        Start("GFD", "gfd");
        for (var i = 1; i <= Machines; i++) Start($"LFD{i}", "lfd", "--id", $"LFD{i}", "--log-dir", Dir);
    }

    private void Start(string name, params string[] args)
    {
        var all = new List<string>(args);
        all.AddRange(ClusterArgs);
        all.AddRange(["--log-level", _logLevel, "--log", Path.Combine(Dir, name + ".log"), "--quiet", "--pid-dir", PidDir]);
        var psi = SelfCommand.StartInfo(all);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        // As for a lab: Ctrl-C in the terminal is the bench's to handle (it stops everything itself),
        // and should the bench die by kill -9, its processes (and the replicas their LFDs start) stop on their own.
        psi.Environment[ShutdownSignal.IgnoreSigintVariable] = "1";
        psi.Environment[LabWatch.Variable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}");
        // What a process (or a replica its LFD launched) prints outside its log, a fatal error say, goes to DIR/<name>.out.
        var output = new StreamWriter(Path.Combine(Dir, name + ".out"), append: true) { AutoFlush = true };
        var gate = new object();
        void Keep(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (gate) output.WriteLine(e.Data);
        }
        p.OutputDataReceived += Keep;
        p.ErrorDataReceived += Keep;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _started.Add(p);
        _outputs.Add(output);
    }

    /// <summary>The RM's `admin show` answer, or null when it did not answer in time.</summary>
    public string? ShowView(TimeSpan timeout) =>
        AdminAgent.AskAsync(Map, new AdminCommand(AdminOp.WatchView, default, 0), timeout).GetAwaiter().GetResult();

    /// <summary>Polls until S1..S3 are all ready members with a leader; the last answer (or null) when the deadline passed or <paramref name="cancel"/> fired.</summary>
    public (bool Ready, string? Last) WaitAllReady(TimeSpan deadline, CancellationToken cancel, Func<string, bool>? extra = null)
    {
        var sw = Stopwatch.StartNew();
        string? last = null;
        while (sw.Elapsed < deadline && !cancel.IsCancellationRequested)
        {
            last = ShowView(TimeSpan.FromSeconds(2));
            if (last is not null && ViewText.ReadyMembers(last).Count == Replicas && ViewText.Leader(last) is not null && (extra is null || extra(last))) return (true, last);
            cancel.WaitHandle.WaitOne(20);
        }
        return (false, last);
    }

    /// <summary>The pid of the running process of <paramref name="name"/> (S1, LFD2, RM), from the pid files.</summary>
    public int? PidOf(string name) =>
        PidFiles.List(PidDir).Where(x => x.Name == name && Alive(x.Pid)).Select(x => (int?)x.Pid).LastOrDefault();

    /// <summary>Every running process of the cluster by name, replicas included.</summary>
    public IReadOnlyList<(string Name, int Pid)> Processes() =>
        PidFiles.List(PidDir).Where(x => Alive(x.Pid)).OrderBy(x => x.Name, StringComparer.Ordinal).ToList();

    public static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>kill -9 (SIGKILL) and wait for the process to be gone.</summary>
    public static void Kill9(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
            p.WaitForExit(5000);
        }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <summary>Kills everything, waits until no port of the cluster is bound; false when one still is after 10 s.</summary>
    public bool Stop()
    {
        if (_disposed) return true;
        _disposed = true;
        foreach (var p in _started)
        {
            try { if (!p.HasExited) p.Kill(); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
        }
        // Replicas outlive a killed LFD: kill them by the pid files, twice in case an LFD launched one meanwhile.
        for (var round = 0; round < 2; round++)
        {
            foreach (var (_, pid) in PidFiles.List(PidDir)) Kill9(pid);
        }
        foreach (var p in _started)
        {
            try { p.WaitForExit(5000); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        foreach (var o in _outputs) o.Dispose();
        var sw = Stopwatch.StartNew();
        while (!Map.Addresses.Values.All(PortFree))
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(10)) return false;
            Thread.Sleep(20);
        }
        return true;
    }

    /// <summary>Removes the run folder (keep it when something failed, to read the logs).</summary>
    public void DeleteDir()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose() => Stop();
}
