using FtCore.Tests.Shared;
using FtCore.Core.App;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Demo.Cli;
using FtCore.Demo.Live;
using FtCore.Transport.Tcp;

namespace FtCore.Live.Tests;

/// <summary>
/// The guide's four machines on a <see cref="NetnsLab"/>, all from docs/cluster.example.conf (the
/// file users copy): machine 1 runs the RM, the GFD and the clients; machine i+1 runs LFDi, which
/// launches Si. Every process logs to DIR/&lt;name&gt;.log and writes its pid file in DIR/pids.
/// </summary>
public sealed class FourMachines : IDisposable
{
    public const int Replicas = 3;
    private static readonly TimeSpan AdminTimeout = TimeSpan.FromSeconds(15);
    private readonly List<(int Index, Process Process)> _clients = [];

    public FourMachines(string name, params string[] extraFlags)
    {
        Dir = Path.Combine(Path.GetTempPath(), "ftcore-live", name + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
        Directory.CreateDirectory(Dir);
        ClusterFile = Path.Combine(Dir, "cluster.conf");
        File.Copy(RepoRoot.File("docs/cluster.example.conf"), ClusterFile);
        ClusterArgs = ["--cluster", ClusterFile, .. extraFlags];
        var config = ClusterConfig.FromArgs(new ArgReader(ClusterArgs, new HashSet<string>(ClusterConfig.Flags, StringComparer.Ordinal), new HashSet<string>()));
        Map = config.Map;
        App = config.Options.App;
        Lab = new NetnsLab(MachineAddresses(Map));
    }

    public string Dir { get; }
    public string ClusterFile { get; }
    public string[] ClusterArgs { get; }
    internal ClusterMap Map { get; }
    public string App { get; }
    public NetnsLab Lab { get; }
    public string PidDir => Path.Combine(Dir, "pids");

    /// <summary>Machine 1 holds RM and GFD, machine i+1 holds LFDi and Si: the addresses the file gives them.</summary>
    private static IPAddress[] MachineAddresses(ClusterMap map)
    {
        var m1 = map.Require(NodeId.Rm).Address;
        if (!map.Require(NodeId.Gfd).Address.Equals(m1)) throw new InvalidOperationException("the cluster file must put the RM and the GFD on one machine");
        var all = new List<IPAddress> { m1 };
        for (var i = 1; i <= Replicas; i++)
        {
            var lfd = map.Require(NodeId.Lfd(i)).Address;
            if (!map.Require(NodeId.Replica(i)).Address.Equals(lfd)) throw new InvalidOperationException($"the cluster file must put S{i} on the machine of LFD{i}");
            all.Add(lfd);
        }
        if (all.Distinct().Count() != all.Count) throw new InvalidOperationException("the cluster file must give the four machines four addresses");
        return all.ToArray();
    }

    /// <summary>The machine (1-based namespace index) of replica Si or of LFDi.</summary>
    public static int MachineOf(NodeId replicaOrLfd) => replicaOrLfd.Index + 1;

    public Process Start(int machine, string name, params string[] args) =>
        Lab.Start(machine, name, [.. args, .. ClusterArgs, "--log", LogOf(name), "--quiet", "--pid-dir", PidDir]);

    public string LogOf(string name) => Path.Combine(Dir, name + ".log");

    public void StartInfrastructure()
    {
        Start(1, "RM", "rm");
        Start(1, "GFD", "gfd");
        for (var i = 1; i <= Replicas; i++) StartLfd(i);
    }

    /// <summary>LFDi on its machine; the RM then has it launch Si (logging to DIR/Si.log).</summary>
    public Process StartLfd(int i) => Start(MachineOf(NodeId.Lfd(i)), $"LFD{i}", "lfd", "--id", $"LFD{i}", "--log-dir", Dir);

    public string HistoryOf(int client) => Path.Combine(Dir, $"C{client}.history.jsonl");

    /// <summary>An auto client on machine 1, a request every <paramref name="intervalMs"/> ms, its history in DIR.</summary>
    public void StartClient(int i, int intervalMs)
    {
        var p = Start(1, $"C{i}", "client", "--id", $"C{i}", "--auto", "--interval", $"{intervalMs}ms", "--first-request", "101", "--history", HistoryOf(i));
        _clients.Add((i, p));
    }

    public IReadOnlyList<(int Index, Process Process)> Clients => _clients;

    /// <summary>`ftcore admin show` on machine 1: the RM's view, or null when it did not answer.</summary>
    public string? Show()
    {
        var r = Lab.Run(1, ["admin", "show", .. ClusterArgs, "--timeout", "2s"], AdminTimeout);
        return r.Ok ? r.Stdout.Trim() : null;
    }

    /// <summary>Polls the view until <paramref name="condition"/> holds; the last view in the failure.</summary>
    public string WaitView(Func<string, bool> condition, TimeSpan deadline, string what)
    {
        string? last = null;
        Poll.Until(() =>
        {
            last = Show();
            return last is not null && condition(last);
        }, deadline, () => $"{what}; last view: {last ?? "(no answer)"}");
        return last!;
    }

    public static bool AllReady(string view) => ViewText.ReadyMembers(view).Count == Replicas;

    /// <summary>Replies client <paramref name="i"/> has received so far (its history is flushed every 200 ms).</summary>
    public int Oks(int i)
    {
        var path = HistoryOf(i);
        if (!File.Exists(path)) return 0;
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var r = new StreamReader(s, Encoding.UTF8);
        var n = 0;
        while (r.ReadLine() is { } line)
        {
            if (line.EndsWith('}') && line.Contains("\"type\":\"ok\"", StringComparison.Ordinal)) n++;
        }
        return n;
    }

    /// <summary>Polls until every client has received <paramref name="more"/> replies more than now.</summary>
    public void WaitProgress(int more, TimeSpan deadline, string what)
    {
        var from = _clients.Select(c => Oks(c.Index)).ToArray();
        Poll.Until(() => _clients.Select((c, k) => Oks(c.Index) - from[k]).All(d => d >= more), deadline,
            () => $"{what}: every client {more} replies more; got {string.Join(", ", _clients.Select((c, k) => $"C{c.Index} +{Oks(c.Index) - from[k]}"))}");
    }

    /// <summary>SIGTERM to every client: each drains its outstanding request, flushes its history and exits.</summary>
    public void StopClients(TimeSpan deadline)
    {
        foreach (var (_, p) in _clients) Signals.Term(p.Id);
        Poll.Until(() => _clients.All(c => c.Process.HasExited), deadline,
            () => $"clients exited after SIGTERM; still running: {string.Join(", ", _clients.Where(c => !c.Process.HasExited).Select(c => $"C{c.Index}"))}");
    }

    public IReadOnlyList<HistoryEvent> History(int i)
    {
        using var r = new StreamReader(HistoryOf(i), Encoding.UTF8);
        return HistoryJson.Read(r, ShippedApps.All.Get(App));
    }

    /// <summary>The pid of the running process of <paramref name="name"/>, from the pid files.</summary>
    public int? PidOf(string name) =>
        PidFiles.List(PidDir).Where(x => x.Name == name && LiveCluster.Alive(x.Pid)).Select(x => (int?)x.Pid).LastOrDefault();

    /// <summary>The last lines of every log, for a failure report.</summary>
    public string Tails(int lines = 12)
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.GetFiles(Dir, "*.log").Order(StringComparer.Ordinal))
        {
            sb.Append("---- ").AppendLine(Path.GetFileName(f));
            using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var r = new StreamReader(s, Encoding.UTF8);
            var all = new List<string>();
            while (r.ReadLine() is { } line) all.Add(line);
            foreach (var l in all.Skip(Math.Max(0, all.Count - lines))) sb.AppendLine(l);
        }
        return sb.ToString();
    }

    public void Dispose() => Lab.Dispose();
}
