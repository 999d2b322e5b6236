using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FtCore.Demo.Live;

namespace FtCore.Live.Tests;

/// <summary>
/// Machines as Linux network namespaces, one LAN between them, nothing on the host's own
/// interfaces. The LAN is a bridge in a namespace of its own (<c>ftc-PID-N-lan</c>, bridge
/// <c>br0</c>); machine i is namespace <c>ftc-PID-N-mi</c> whose <c>eth0</c> is a veth into the
/// bridge (the bridge's end is port <c>mi</c>), with the address it was given. Processes run in a
/// machine with <c>ip netns exec</c>; a machine crash is kill -9 of every process in it; a cable
/// pull is the bridge port going down. Dispose kills every process in the namespaces (by PID) and
/// deletes them; a new lab first removes the namespaces of test processes that no longer run.
/// </summary>
public sealed partial class NetnsLab : IDisposable
{
    public const string Prefix = "ftc-";
    private static int s_labs;
    private readonly List<(string Name, Process Process)> _started = [];
    private readonly List<string> _namespaces = [];
    private readonly string _ip;
    private bool _disposed;

    public NetnsLab(IReadOnlyList<IPAddress> machines, int prefixLength = 24)
    {
        _ip = Tools.Require("ip");
        RemoveStale(_ip);
        Machines = machines;
        Tag = $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Interlocked.Increment(ref s_labs).ToString(CultureInfo.InvariantCulture)}";
        Lan = Tag + "-lan";
        try
        {
            AddNamespace(Lan);
            Ip("-n", Lan, "link", "add", "br0", "type", "bridge");
            Ip("-n", Lan, "link", "set", "br0", "up");
            for (var i = 1; i <= machines.Count; i++)
            {
                var ns = Machine(i);
                AddNamespace(ns);
                Ip("-n", Lan, "link", "add", Port(i), "type", "veth", "peer", "name", "eth0", "netns", ns);
                Ip("-n", Lan, "link", "set", Port(i), "master", "br0");
                Ip("-n", Lan, "link", "set", Port(i), "up");
                Ip("-n", ns, "addr", "add", $"{machines[i - 1]}/{prefixLength}", "dev", "eth0");
                Ip("-n", ns, "link", "set", "eth0", "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>ftc-PID-N: the start of every namespace name of this lab.</summary>
    public string Tag { get; }

    public string Lan { get; }

    public IReadOnlyList<IPAddress> Machines { get; }

    /// <summary>The namespace of machine <paramref name="i"/> (1-based).</summary>
    public string Machine(int i) => $"{Tag}-m{i.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The bridge's end of machine <paramref name="i"/>'s cable, in the LAN namespace.</summary>
    public static string Port(int i) => $"m{i.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts `ftcore ARGS` on machine <paramref name="i"/>; its output is drained (use --log for its lines).</summary>
    public Process Start(int i, string name, IEnumerable<string> ftcoreArgs)
    {
        var psi = new ProcessStartInfo(_ip) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in ExecArgs(i, ftcoreArgs)) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _started.Add((name, p));
        return p;
    }

    /// <summary>Runs `ftcore ARGS` on machine <paramref name="i"/> to its end (an admin command).</summary>
    public Tools.Result Run(int i, IEnumerable<string> ftcoreArgs, TimeSpan timeout) => Tools.Run(_ip, ExecArgs(i, ftcoreArgs), timeout);

    private List<string> ExecArgs(int i, IEnumerable<string> ftcoreArgs)
    {
        var (file, prefix) = SelfCommand.Resolve();
        return ["netns", "exec", Machine(i), file, .. prefix, .. ftcoreArgs];
    }

    /// <summary>Every process running in machine <paramref name="i"/>.</summary>
    public IReadOnlyList<int> Pids(int i) => PidsIn(_ip, Machine(i));

    /// <summary>The machine crashes: kill -9 of every process in it, until none is left. The PIDs killed.</summary>
    public IReadOnlyList<int> Crash(int i)
    {
        var killed = new List<int>();
        Poll.Until(() =>
        {
            var pids = Pids(i);
            foreach (var pid in pids) Kill9(pid);
            killed.AddRange(pids.Except(killed));
            return pids.Count == 0;
        }, TimeSpan.FromSeconds(10), () => $"no process left in {Machine(i)}");
        return killed;
    }

    /// <summary>Plugs machine <paramref name="i"/>'s cable in or pulls it out (its bridge port up or down).</summary>
    public void SetLink(int i, bool up) => Ip("-n", Lan, "link", "set", Port(i), up ? "up" : "down");

    private void AddNamespace(string ns)
    {
        Ip("netns", "add", ns);
        _namespaces.Add(ns);
        Ip("-n", ns, "link", "set", "lo", "up");
    }

    private void Ip(params string[] args)
    {
        var r = Tools.Run(_ip, args, TimeSpan.FromSeconds(20));
        if (!r.Ok) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {r}");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // What was started here first (the RM among it, so nothing asks for a relaunch), then whatever else runs in the machines.
        foreach (var (_, p) in _started)
        {
            try { if (!p.HasExited) p.Kill(); } catch (InvalidOperationException) { }
        }
        Remove(_ip, _namespaces);
        foreach (var (_, p) in _started)
        {
            try { p.WaitForExit(5000); } catch (InvalidOperationException) { }
            p.Dispose();
        }
    }

    /// <summary>Kills every process in <paramref name="namespaces"/> until none is left, then deletes them.</summary>
    private static void Remove(string ip, IReadOnlyList<string> namespaces)
    {
        Poll.Until(() =>
        {
            var any = false;
            foreach (var ns in namespaces)
            {
                foreach (var pid in PidsIn(ip, ns))
                {
                    any = true;
                    Kill9(pid);
                }
            }
            return !any;
        }, TimeSpan.FromSeconds(15), () => $"no process left in {string.Join(", ", namespaces)}");
        foreach (var ns in namespaces.Reverse())
        {
            var r = Tools.Run(ip, ["netns", "del", ns], TimeSpan.FromSeconds(20));
            if (!r.Ok && Exists(ip, ns)) throw new InvalidOperationException($"ip netns del {ns}: {r}");
        }
    }

    /// <summary>SIGKILL without waiting: a killed replica whose LFD died too stays a zombie until init reaps it,
    /// but it has left its namespace at once (<c>ip netns pids</c> no longer lists it), which is what the callers poll.</summary>
    private static void Kill9(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    private static List<int> PidsIn(string ip, string ns)
    {
        var r = Tools.Run(ip, ["netns", "pids", ns], TimeSpan.FromSeconds(20));
        var pids = new List<int>();
        if (!r.Ok) return pids;
        foreach (var line in r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId) pids.Add(pid);
        }
        return pids;
    }

    /// <summary>Every namespace whose name starts with <see cref="Prefix"/>.</summary>
    public static IReadOnlyList<string> List(string ip)
    {
        var r = Tools.Run(ip, ["netns", "list"], TimeSpan.FromSeconds(20));
        if (!r.Ok) throw new InvalidOperationException($"ip netns list: {r}");
        // "ftc-123-1-m1 (id: 3)" or just "ftc-123-1-m1"
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ')[0])
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToList();
    }

    private static bool Exists(string ip, string ns) => List(ip).Contains(ns);

    /// <summary>The namespaces of test processes that no longer run (a crashed or killed earlier run): their processes and them.</summary>
    public static void RemoveStale(string ip)
    {
        var stale = List(ip).Where(n => OwnerPid().Match(n) is { Success: true } m
            && !LiveCluster.Alive(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();
        if (stale.Count > 0) Remove(ip, stale);
    }

    [GeneratedRegex(@"^ftc-(\d+)-")]
    private static partial Regex OwnerPid();

    private static readonly Lazy<string?> Unavailable = new(ProbeUnavailable);

    /// <summary>Why network namespaces cannot be used here (not permitted), or null when they can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    private static string? ProbeUnavailable()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces need Linux";
        var ip = Tools.Find("ip");
        if (ip is null)
        {
            // Root installs it (scripts/install-lab-tools.sh) when the test runs.
            return Environment.IsPrivilegedProcess ? null : "ip (iproute2) is missing, and installing it and creating network namespaces need root";
        }
        // What the lab does: a namespace (CAP_SYS_ADMIN) with a link in it (CAP_NET_ADMIN).
        var probe = $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-probe";
        var r = Tools.Run(ip, ["netns", "add", probe], TimeSpan.FromSeconds(20));
        if (!r.Ok) return Denied("ip netns add", r);
        try
        {
            return Denied("ip link add", Tools.Run(ip, ["-n", probe, "link", "add", "probe0", "type", "veth", "peer", "name", "probe1"], TimeSpan.FromSeconds(20)));
        }
        finally
        {
            Tools.Run(ip, ["netns", "del", probe], TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>A skip reason when <paramref name="r"/> failed for lack of permission; null otherwise (another failure: the test runs and reports it).</summary>
    private static string? Denied(string what, Tools.Result r)
    {
        if (r.Ok) return null;
        var why = r.Stderr.Trim();
        return why.Contains("not permitted", StringComparison.OrdinalIgnoreCase) || why.Contains("Permission denied", StringComparison.OrdinalIgnoreCase)
            ? $"network namespaces are not permitted here ({what}: {why.Split('\n')[0]})"
            : null;
    }
}
