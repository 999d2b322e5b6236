using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FtCore.Core.Events;
using FtCore.Core.History;
using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Demo.Help;
using FtCore.Demo.Report;
using FtCore.Sim;
using FtCore.Sim.Checking;
using FtCore.Sim.Faults;

namespace FtCore.Demo.Commands;

/// <summary>ftcore sim: one run with a summary, or many seeds with progress; on a violation, the replay and a shrunk schedule.</summary>
internal static class SimCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new ArgReader(args, SimSpec.Command);
        var options = Parse(a, out var saved);
        var runs = (int)a.Long("--runs", 1, 1, 1_000_000);
        var json = a.Has("--json");
        var failuresDirGiven = a.Has("--failures-dir");
        var failuresDir = a.String("--failures-dir") ?? "failures";
        if (runs > 1 && (a.Has("--history") || a.Has("--transcript") || a.Has("--report") || saved is not null || options.Scenario is not null))
        {
            throw new UsageException("--runs explores many seeds: it cannot be combined with --history, --transcript, --report, --schedule or --scenario (the first failing seed's report is written beside its shrunk schedule)");
        }
        return runs > 1
            ? RunMany(options, runs, json, !a.Has("--no-shrink"), failuresDir, stdout, stderr)
            : RunOne(options, saved, a, json, !a.Has("--no-shrink"), failuresDir, failuresDirGiven, stdout, stderr);
    }

    internal static SimOptions Parse(ArgReader a, out FaultSchedule? saved)
    {
        saved = null;
        var scheduleFile = a.String("--schedule");
        if (scheduleFile is not null)
        {
            if (!File.Exists(scheduleFile)) throw new UsageException($"--schedule: no such file '{scheduleFile}'");
            foreach (var f in new[] { "--mode", "--app", "--protocol", "--seed", "--duration", "--replicas", "--clients", "--faults", "--scenario" })
            {
                if (a.Has(f)) throw new UsageException($"{f} cannot be combined with --schedule: the schedule file fixes it");
            }
            try
            {
                saved = FaultSchedule.FromJson(File.ReadAllText(scheduleFile), scheduleFile);
                return saved.ToOptions(ProgramApps.Current);
            }
            catch (FormatException e)
            {
                throw new UsageException("--schedule: " + e.Message);
            }
        }
        var scenario = a.String("--scenario");
        if (scenario is not null && !Scenarios.Names.Contains(scenario))
        {
            throw new UsageException($"--scenario must be one of {string.Join("|", Scenarios.Names)}, not '{scenario}'");
        }
        return new SimOptions
        {
            Mode = a.Choice("--mode", "active") == "passive" ? ReplicationMode.Passive : ReplicationMode.Active,
            App = ProgramApps.Get(a.Choice("--app", ProgramApps.Current.Default.Name)),
            Protocol = a.Choice("--protocol", "ordered") == "naive" ? ProtocolKind.Naive : ProtocolKind.Ordered,
            Seed = a.Seed("--seed", 1),
            DurationMs = (int)a.DurationMs("--duration", 60_000, 1000, 3_600_000),
            Replicas = (int)a.Long("--replicas", 3, 1, 9),
            Clients = (int)a.Long("--clients", 3, 1, 64),
            Faults = a.Choice("--faults", "all") switch
            {
                "none" => FaultClass.None,
                "crash" => FaultClass.Crash,
                "loss" => FaultClass.Loss,
                "partition" => FaultClass.Partition,
                "slow" => FaultClass.Slow,
                _ => FaultClass.All,
            },
            Scenario = scenario,
        };
    }

    private static int RunOne(SimOptions options, FaultSchedule? saved, ArgReader a, bool json, bool shrink, string failuresDir, bool failuresDirGiven, TextWriter stdout, TextWriter stderr)
    {
        var transcript = a.String("--transcript");
        var history = a.String("--history");
        var report = a.String("--report");
        var scheduleFile = a.String("--schedule");
        foreach (var (flag, output) in new[] { ("--transcript", transcript), ("--history", history), ("--report", report), ("--report", report is null ? null : ReportHtml.JsonPathFor(report)) })
        {
            // A run never writes over the schedule it replays.
            if (scheduleFile is not null && output is not null && output != "-" && SimFailureReport.SamePath(output, scheduleFile))
            {
                throw new UsageException($"{flag} '{output}' is the --schedule file: a run does not overwrite its input");
            }
        }
        options = options with { Report = report is not null, Transcript = transcript is not null, TranscriptDebug = a.Choice("--log-level", "info") == "debug" };
        var (config, _, _) = SimRunner.Prepare(options, saved);
        if (!json)
        {
            stdout.WriteLine($"ftcore sim: seed {options.Seed}, {Describe(options)}");
            stdout.WriteLine($"  options drawn from the seed: {config.Describe()}");
        }
        var result = SimRunner.Run(options, saved);
        if (transcript is not null) WriteLines(transcript, result.Transcript, stdout);
        if (history is not null)
        {
            using var w = OpenWriter(history, "--history");
            HistoryJson.Write(w, result.History, options.App);
        }
        if (json)
        {
            var o = ToJson(result);
            if (!result.Passed) o["replay"] = SimFailureReport.ReplayCommand(result.Options, scheduleFile);
            stdout.WriteLine(o.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        }
        else
        {
            PrintSummary(result, stdout);
        }
        if (report is not null) SimReport.Write(result, report, scheduleFile, json ? stderr : stdout);
        if (!result.Passed) SimFailureReport.Write(result, new SimFailureReport.Input(saved, scheduleFile), shrink, failuresDir, failuresDirGiven, json ? stderr : stdout);
        return result.ExitCode;
    }

    private static int RunMany(SimOptions options, int runs, bool json, bool shrink, string failuresDir, TextWriter stdout, TextWriter stderr)
    {
        var sw = Stopwatch.StartNew();
        var results = new SimResult?[runs];
        var done = 0;
        var failed = 0;
        long deliveries = 0;
        var lastProgress = 0L;
        var progressLock = new object();
        if (!json) stdout.WriteLine($"ftcore sim: seeds {options.Seed}..{options.Seed + (ulong)runs - 1}, {Describe(options)}, {Environment.ProcessorCount} workers");
        Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var r = SimRunner.Run(options with { Seed = options.Seed + (ulong)i });
            // Keep only what the report needs: histories of passing runs are large.
            results[i] = r.Passed ? r with { History = [] } : r;
            Interlocked.Add(ref deliveries, r.Deliveries);
            var n = Interlocked.Increment(ref done);
            if (!r.Passed) Interlocked.Increment(ref failed);
            lock (progressLock)
            {
                if (sw.ElapsedMilliseconds - lastProgress >= 1000 || n == runs)
                {
                    lastProgress = sw.ElapsedMilliseconds;
                    stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {n}/{runs} runs, {Volatile.Read(ref failed)} failed, {n / Math.Max(0.001, sw.Elapsed.TotalSeconds):0.0} runs/s"));
                }
            }
        });
        var all = results.Select(r => r!).ToList();
        var failures = all.Where(r => !r.Passed).ToList();
        var exit = failures.Any(r => r.ExitCode == 1) ? 1 : failures.Count > 0 ? 3 : 0;
        if (json)
        {
            var o = new JsonObject
            {
                ["seed"] = options.Seed,
                ["runs"] = runs,
                ["mode"] = Name(options.Mode),
                ["app"] = options.App.Name,
                ["protocol"] = Name(options.Protocol),
                ["passed"] = runs - failures.Count,
                ["failed"] = failures.Count,
                ["requests_completed"] = all.Sum(r => r.RequestsCompleted),
                ["faults_injected"] = all.Sum(r => r.FaultsInjected),
                ["deliveries"] = deliveries,
                ["wall_ms"] = sw.ElapsedMilliseconds,
                ["failures"] = new JsonArray(failures.Select(f => (JsonNode)new JsonObject
                {
                    ["seed"] = f.Options.Seed,
                    ["violations"] = new JsonArray(f.Violations.Select(v => (JsonNode)JsonValue.Create(v.ToString())!).ToArray()),
                    ["replay"] = SimFailureReport.ReplayCommand(f.Options, null),
                }).ToArray()),
            };
            stdout.WriteLine(o.ToJsonString());
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{runs - failures.Count} passed, {failures.Count} failed in {sw.Elapsed.TotalSeconds:0.0} s ({runs / sw.Elapsed.TotalMinutes:0} schedules/min, {deliveries / Math.Max(0.001, sw.Elapsed.TotalSeconds):0} deliveries/s on {Environment.ProcessorCount} cores)"));
            foreach (var f in failures.Take(20))
            {
                stdout.WriteLine($"  seed {f.Options.Seed}: {f.Violations[0]}");
            }
            if (failures.Count > 20) stdout.WriteLine($"  ... and {failures.Count - 20} more");
        }
        if (failures.Count > 0)
        {
            SimFailureReport.Write(failures[0], new SimFailureReport.Input(null, null), shrink, failuresDir, failuresDirGiven: true, json ? stderr : stdout);
            SimReport.WriteForFailure(failures[0], failuresDir, json ? stderr : stdout);
        }
        return exit;
    }

    private static string Describe(SimOptions o) =>
        o.Scenario is not null
            ? $"scenario {o.Scenario}, app {o.App}, protocol {Name(o.Protocol)}"
            : $"mode {Name(o.Mode)}, app {o.App}, protocol {Name(o.Protocol)}, {o.Replicas} replicas, {o.Clients} clients, {o.DurationMs / 1000.0:0.###} s, faults {o.Faults.ToString().ToLowerInvariant()}";

    private static string Name(ReplicationMode m) => m == ReplicationMode.Passive ? "passive" : "active";

    private static string Name(ProtocolKind p) => p == ProtocolKind.Naive ? "naive" : "ordered";

    private static void PrintSummary(SimResult r, TextWriter w)
    {
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  requests completed   {r.RequestsCompleted}"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  faults injected      {r.FaultsInjected} (skipped {r.FaultsSkipped})"));
        foreach (var f in r.FaultOutcomes) w.WriteLine("    " + f);
        var notDue = r.Schedule.Faults.Count - r.FaultOutcomes.Count;
        if (notDue > 0) w.WriteLine($"    ({notDue} more scheduled after {FtCore.Core.Events.ConsoleRenderer.Timestamp(r.EndUs)}, where the run stopped)");
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  view changes         {r.ViewChanges}"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  message deliveries   {r.Deliveries} ({r.Dropped} dropped)"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  longest client stall {r.LongestStallUs / 1000.0:0.0} ms (virtual)"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  wall time            {r.WallMs} ms"));
        foreach (var (check, outcome) in r.Checks) w.WriteLine($"  check {check,-34} {outcome}");
        w.WriteLine(r.Passed ? "PASSED: every check held" : $"FAILED: {r.Violations.Count} violation(s)");
    }

    internal static JsonObject ToJson(SimResult r) => new()
    {
        ["seed"] = r.Options.Seed,
        ["mode"] = Name(r.Config.Cluster.Mode),
        ["app"] = r.Options.App.Name,
        ["protocol"] = Name(r.Options.Protocol),
        ["scenario"] = r.Options.Scenario,
        ["duration_ms"] = r.Schedule.DurationMs,
        ["requests_completed"] = r.RequestsCompleted,
        ["faults_injected"] = r.FaultsInjected,
        ["faults_skipped"] = r.FaultsSkipped,
        ["fault_outcomes"] = new JsonArray(r.FaultOutcomes.Select(f => (JsonNode)new JsonObject
        {
            ["at_ms"] = f.Fault.AtMs,
            ["kind"] = f.KindName,
            ["target"] = f.Fault.Target,
            ["fault"] = f.Arguments.Length > 0 ? $"{f.KindName} {f.Arguments}" : f.KindName,
            ["injected"] = f.Injected,
            ["detail"] = f.Detail, // what it hit, or why it was skipped
        }).ToArray()),
        // The schedule as a --schedule file holds it: save this field to replay the run.
        ["schedule"] = JsonNode.Parse(r.Schedule.ToJson()),
        ["view_changes"] = r.ViewChanges,
        ["deliveries"] = r.Deliveries,
        ["dropped"] = r.Dropped,
        ["longest_stall_ms"] = Math.Round(r.LongestStallUs / 1000.0, 3),
        ["checks"] = new JsonObject(r.Checks.Select(c => KeyValuePair.Create(c.Check, (JsonNode?)JsonValue.Create(c.Outcome)))),
        ["violations"] = new JsonArray(r.Violations.Select(v => (JsonNode)new JsonObject
        {
            ["kind"] = v.Kind.ToString().ToLowerInvariant(),
            ["invariant"] = v.Invariant,
            ["message"] = v.Message,
            ["at_ms"] = v.AtUs / 1000.0,
        }).ToArray()),
        // The fail-slow diagnosis: the first process the RM's detector named (null: none), and when.
        ["suspect"] = r.SlowSuspect,
        ["detected_at_ms"] = r.SlowDetectedAtMs,
        ["slow_diagnoses"] = new JsonArray(r.SlowDiagnoses.Select(d => (JsonNode)new JsonObject
        {
            ["process"] = d.Process,
            ["at_ms"] = d.AtMs,
            ["since_ms"] = d.SinceMs,
            ["suspected"] = d.Suspected,
            ["evidence"] = d.Evidence,
        }).ToArray()),
        ["wall_ms"] = r.WallMs,
    };

    private static TextWriter OpenWriter(string path, string flag)
    {
        try
        {
            return new StreamWriter(path) { NewLine = "\n" };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new UsageException($"{flag}: cannot write '{path}': {e.Message}");
        }
    }

    private static void WriteLines(string path, IReadOnlyList<string> lines, TextWriter stdout)
    {
        if (path == "-")
        {
            foreach (var l in lines) stdout.WriteLine(l);
            return;
        }
        using var w = OpenWriter(path, "--transcript");
        foreach (var l in lines) w.WriteLine(l);
    }
}
