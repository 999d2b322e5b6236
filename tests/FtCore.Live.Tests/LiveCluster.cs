using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Demo.Live;
using FtCore.Transport.Tcp;

namespace FtCore.Live.Tests;

/// <summary>
/// Real ftcore processes for one test, on loopback ports of its own. Everything started here, and
/// every replica an LFD started (found through the pid files), is killed by PID on dispose, and the
/// ports are checked free again.
/// </summary>
public sealed class LiveCluster : IDisposable
{
    private readonly List<Process> _started = [];

    public LiveCluster(string name, int basePort, string mode, params string[] extra)
    {
        Dir = Path.Combine(Path.GetTempPath(), "ftcore-live", name + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
        Directory.CreateDirectory(Dir);
        BasePort = FreeBasePort(basePort);
        basePort = BasePort;
        ClusterArgs = ["--mode", mode, "--base-port", basePort.ToString(CultureInfo.InvariantCulture), .. extra];
        Map = ClusterMap.Loopback(3, 3, basePort);
    }

    public string Dir { get; }
    public int BasePort { get; }
    public string[] ClusterArgs { get; }
    internal ClusterMap Map { get; }
    public string PidDir => Path.Combine(Dir, "pids");

    /// <summary>Starts `ftcore &lt;args&gt;` with the cluster flags, its lines in DIR/&lt;name&gt;.log.</summary>
    public Process Start(string name, params string[] args)
    {
        var all = new List<string>(args);
        all.AddRange(ClusterArgs);
        all.AddRange(["--log", Path.Combine(Dir, name + ".log"), "--quiet", "--pid-dir", PidDir]);
        var psi = SelfCommand.StartInfo(all);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _started.Add(p);
        return p;
    }

    /// <summary>RM, GFD and three LFDs; the RM has the LFDs launch S1..S3.</summary>
    public void StartInfrastructure()
    {
        Start("RM", "rm");
        Start("GFD", "gfd");
        for (var i = 1; i <= 3; i++) Start($"LFD{i}", "lfd", "--id", $"LFD{i}", "--log-dir", Dir);
    }

    internal string? AskRm(AdminCommand c, TimeSpan timeout) =>
        AdminAgent.AskAsync(Map, c, timeout).GetAwaiter().GetResult();

    /// <summary>The view, asked as a watch (no line in the RM's log per poll).</summary>
    public string? ShowView() => AskRm(new AdminCommand(AdminOp.WatchView, default, 0), TimeSpan.FromSeconds(2));

    /// <summary>Polls until every one of S1..Sn is a ready member; the last answer otherwise, in the failure.</summary>
    public void WaitAllReady(int n, TimeSpan deadline)
    {
        string? last = null;
        Poll.Until(() =>
        {
            last = ShowView();
            return last is not null && ViewText.ReadyMembers(last).Count == n;
        }, deadline, () => $"all {n} replicas ready; last view: {last ?? "(no answer)"}");
    }

    /// <summary>The pid of the running process of <paramref name="name"/>, from the pid files.</summary>
    public int? PidOf(string name) =>
        PidFiles.List(PidDir).Where(x => x.Name == name && Alive(x.Pid)).Select(x => (int?)x.Pid).LastOrDefault();

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
    }

    public void Dispose()
    {
        foreach (var p in _started)
        {
            try { if (!p.HasExited) p.Kill(); } catch (InvalidOperationException) { }
        }
        foreach (var (_, pid) in PidFiles.List(PidDir)) Kill9(pid);
        foreach (var p in _started)
        {
            try { p.WaitForExit(5000); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        // Nothing may stay bound.
        Poll.Until(() => Map.Addresses.Values.All(PortFree), TimeSpan.FromSeconds(10), () => "every port of the cluster free after cleanup");
    }

    /// <summary>The first range from <paramref name="from"/> (in steps of 200) whose cluster ports are all free: another run may hold the usual one.</summary>
    public static int FreeBasePort(int from)
    {
        for (var b = from; b < from + 4000; b += 200)
        {
            if (ClusterMap.Loopback(3, 3, b).Addresses.Values.All(PortFree)) return b;
        }
        throw new InvalidOperationException($"no free port range from {from}");
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
}

/// <summary>Polling with a deadline: the only way these tests wait.</summary>
public static class Poll
{
    public static void Until(Func<bool> condition, TimeSpan deadline, Func<string> what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > deadline) throw new TimeoutException($"not reached within {deadline.TotalSeconds:0.#} s: {what()}");
            Thread.Sleep(50);
        }
    }
}
