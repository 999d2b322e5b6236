using System.Globalization;
using FtCore.Demo.Cli;
using FtCore.Demo.Help;
using FtCore.Demo.Live;
using FtCore.Demo.Report;
using FtCore.Transport.Tcp;

namespace FtCore.Demo.Commands;

/// <summary>ftcore lab: the guide's milestone-5 demo on this machine, with real processes, real kill -9s and a verdict.</summary>
internal static class LabCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new ArgReader(args, LabSpec.Command);
        var scenario = a.String("--scenario");
        if (scenario is not null && !LabScenarios.Names.Contains(scenario))
        {
            throw new UsageException($"--scenario must be one of {string.Join("|", LabScenarios.Names)}, not '{scenario}'");
        }
        var mode = a.Choice("--mode", scenario == "m5-active" ? "active" : "passive");
        if (scenario is "m5-active" or "m5-passive" && scenario != "m5-" + mode)
        {
            throw new UsageException($"--scenario {scenario} is the {scenario[3..]} demo; it cannot run with --mode {mode}");
        }
        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var options = new LabOptions
        {
            Mode = mode,
            App = ProgramApps.Get(a.Choice("--app", ProgramApps.Current.Default.Name)).Name,
            Scenario = scenario ?? "m5-" + mode,
            DurationMs = a.DurationMs("--duration", 60_000, 5_000, 3_600_000),
            OutDir = Path.GetFullPath(a.String("--out") ?? Path.Combine("runs", stamp)),
            IntervalMs = a.DurationMs("--interval", 10, 0, 10_000),
            HeartbeatMs = a.Has("--heartbeat-freq") ? a.DurationMs("--heartbeat-freq", 100, 5, 60_000) : null,
            BasePort = a.Has("--base-port") ? (int)a.Long("--base-port", 7000, 1024, 65000 - 200) : null,
            Seed = (int)a.Long("--seed", Environment.TickCount & int.MaxValue, 0, int.MaxValue),
            Clients = (int)a.Long("--clients", 3, 1, 64),
            Tmux = a.Has("--tmux"),
        };
        if (Directory.Exists(options.OutDir) && Directory.EnumerateFileSystemEntries(options.OutDir).Any())
        {
            throw new UsageException($"--out: '{options.OutDir}' exists and is not empty; give a new folder");
        }
        if (options.BasePort is { } basePort)
        {
            // Found before any process starts: otherwise one role fails to listen, the run fails as a
            // liveness problem and blames itself for a port that was never its own.
            foreach (var (id, ep) in ClusterMap.Loopback(3, 3, basePort).Addresses)
            {
                if (!LabProcesses.PortFree(ep)) throw new UsageException($"--base-port {basePort}: port {ep.Port} (for {id}) is in use; give another base port, or none to take the first free range");
            }
        }
        stdout.WriteLine($"ftcore lab: {options.Scenario}, {options.Mode} replication, {options.App} app, {options.DurationMs / 1000.0:0.#} s, seed {options.Seed}");
        using var signal = new ShutdownSignal();
        using var cancel = new CancellationTokenSource();
        signal.Requested.ContinueWith(_ => cancel.Cancel(), TaskScheduler.Default);
        var result = new LabRunner(options, stdout, cancel.Token).Run();
        Print(result, options, stdout);
        LabReport.Write(options, stdout);
        return result.ExitCode;
    }

    private static void Print(LabResult r, LabOptions o, TextWriter w)
    {
        w.WriteLine();
        foreach (var line in Table(r)) w.WriteLine(line);
        w.WriteLine();
        if (r.ClientStartupMs.Count > 0)
        {
            w.WriteLine($"first reply after start (not in the latencies or stalls): {string.Join(", ", r.ClientStartupMs.Select(c => $"{c.Key} {c.Value:0} ms"))}");
        }
        foreach (var k in r.OutsideKills) w.WriteLine("killed from outside: " + k);
        foreach (var c in r.Crashes) w.WriteLine("died on its own: " + c);
        w.WriteLine($"history: {r.RequestsCompleted} answered requests, {(r.Linearizable ? "linearizable" : "NOT linearizable")} ({r.Linearizability})");
        w.WriteLine($"final view: {r.FinalView}");
        foreach (var p in r.Problems) w.WriteLine("problem: " + p);
        w.WriteLine($"files: {o.OutDir} (<process>.log, history.jsonl, summary.json, lab-events.jsonl, report.html, report.json)");
        w.WriteLine(r.ExitCode == 0 ? "PASS: every check held" : $"FAIL (exit {r.ExitCode})");
    }

    /// <summary>The per-phase table: requests, latencies (invoke to ok, ms), the longest stall, view changes.</summary>
    public static IEnumerable<string> Table(LabResult r)
    {
        yield return $"{"phase",-16} {"completed",10} {"failed",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"longest stall",14} {"view changes",13}";
        foreach (var p in r.Phases)
        {
            yield return $"{p.Name,-16} {p.RequestsCompleted,10} {p.RequestsFailed,7} {Ms(p.LatencyP50Ms),8} {Ms(p.LatencyP99Ms),8} {Ms(p.LatencyMaxMs),8} {p.LongestStallMs,11:0.0} ms {p.ViewChanges,13}";
        }
        yield return $"{"total",-16} {r.RequestsCompleted,10} {r.RequestsFailed,7}";
    }

    private static string Ms(double? ms) => ms is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
