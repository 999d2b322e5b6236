using System.Diagnostics;
using System.Globalization;
using FtCore.Core.App;
using FtCore.Core.Roles;
using FtCore.Sim;
using FtCore.Sim.Faults;

namespace FtCore.Demo.Commands;

/// <summary>
/// ftcore sim-bench --fail-slow: the fail-slow detector's accuracy over seeds. N runs with one
/// slowed replica (<c>--faults slow</c>) and N fault-free runs; with --others, also the false
/// alarms under crashes, loss and partitions. Prints the right-process rate, wrong, missed, false
/// alarms and the time to detection's distribution (virtual time). A benchmark, never a test.
/// </summary>
internal static class FailSlowBench
{
    private enum Verdict { Right, Wrong, Early, Missed, NotInjected }

    private sealed record Faulty(ulong Seed, string Target, long Delay, Verdict Verdict, string? Named, long DetectMs, long? ClearedAfterEndMs, bool Passed);

    public static int Run(ulong seed, int runs, int durationMs, ReplicationMode mode, IApplication app, bool others, TextWriter stdout)
    {
        var sw = Stopwatch.StartNew();
        var o = new SimOptions { Mode = mode, App = app, DurationMs = durationMs, Faults = FaultClass.Slow };
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fail-slow detection: seeds {seed}..{seed + (ulong)runs - 1}, mode {mode.ToString().ToLowerInvariant()}, app {app.Name}, {durationMs / 1000.0:0.#} s virtual per run, {Environment.ProcessorCount} workers"));

        var faulty = Map(runs, i => Judge(SimRunner.Run(o with { Seed = seed + (ulong)i })));
        var right = faulty.Where(f => f.Verdict == Verdict.Right).ToList();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"faulty   {runs,5} runs (one replica slowed 5..50 ms): right process {right.Count} ({Pct(right.Count, runs)}), wrong {Count(faulty, Verdict.Wrong)}, named before the fault {Count(faulty, Verdict.Early)}, missed {Count(faulty, Verdict.Missed)}, not injected {Count(faulty, Verdict.NotInjected)}"));
        var held = faulty.Count(f => f.Passed);
        stdout.WriteLine($"         runs whose invariants all held: {held} of {runs}");
        if (right.Count > 0)
        {
            var t = right.Select(f => f.DetectMs).Order().ToArray();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"         time to detection (virtual): median {Sec(Q(t, 0.5))}, p90 {Sec(Q(t, 0.9))}, p99 {Sec(Q(t, 0.99))}, max {Sec(t[^1])}, min {Sec(t[0])}"));
            stdout.WriteLine("         distribution: " + Histogram(t));
            var byDelay = right.GroupBy(f => f.Delay <= 15 ? "5-15 ms" : f.Delay <= 30 ? "16-30 ms" : "31-50 ms").OrderBy(g => g.Key, StringComparer.Ordinal);
            stdout.WriteLine("         median by delay: " + string.Join(", ", byDelay.Select(g => $"{g.Key} {Sec(Q(g.Select(f => f.DetectMs).Order().ToArray(), 0.5))} ({g.Count()})")));
            var cleared = right.Where(f => f.ClearedAfterEndMs is not null).Select(f => f.ClearedAfterEndMs!.Value).Order().ToArray();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"         cleared after the fault ended: {cleared.Length} of {right.Count}{(cleared.Length > 0 ? $", median {Sec(Q(cleared, 0.5))} after its end, max {Sec(cleared[^1])}" : "")}"));
        }
        foreach (var f in faulty.Where(f => f.Verdict is not Verdict.Right).Take(10))
        {
            stdout.WriteLine($"         seed {f.Seed}: {f.Verdict.ToString().ToLowerInvariant()}: slowed {f.Target} +{f.Delay} ms, named {f.Named ?? "none"}");
        }

        Alarms("none", FaultClass.None, runs);
        if (others)
        {
            foreach (var (name, c) in new[] { ("crash", FaultClass.Crash), ("loss", FaultClass.Loss), ("partition", FaultClass.Partition), ("all", FaultClass.All) })
            {
                Alarms(name, c, Math.Max(1, runs / 4));
            }
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time {sw.Elapsed.TotalSeconds:0} s"));
        return 0;

        void Alarms(string name, FaultClass c, int n)
        {
            var results = Map(n, i =>
            {
                var r = SimRunner.Run(o with { Seed = seed + (ulong)i, Faults = c });
                var slowed = r.Schedule.Faults.Where(f => f.Kind == FaultKind.Slow).Select(f => f.Target).ToHashSet(StringComparer.Ordinal);
                var wrong = r.SlowDiagnoses.FirstOrDefault(d => d.Suspected && !slowed.Contains(d.Process));
                return (Seed: seed + (ulong)i, Alarm: wrong, AnySlow: slowed.Count > 0);
            });
            var alarms = results.Where(x => x.Alarm is not null).ToList();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"faults " + name,-9}{n,5} runs: false alarms {alarms.Count} ({Pct(alarms.Count, n)}){(c == FaultClass.All ? $" (a process named that no slow fault slowed; {results.Count(x => x.AnySlow)} runs drew a slow fault)" : "")}"));
            foreach (var a in alarms.Take(5)) stdout.WriteLine($"         seed {a.Seed}: named {a.Alarm!.Process} at {a.Alarm.AtMs} ms: {a.Alarm.Evidence}");
        }
    }

    private static Faulty Judge(SimResult r)
    {
        var fault = r.Schedule.Faults[0];
        var injected = r.FaultOutcomes.Count > 0 && r.FaultOutcomes[0].Injected;
        var first = r.SlowDiagnoses.FirstOrDefault(d => d.Suspected);
        var verdict = !injected ? Verdict.NotInjected
            : first is null ? Verdict.Missed
            : first.AtMs < fault.AtMs ? Verdict.Early
            : first.Process == fault.Target ? Verdict.Right
            : Verdict.Wrong;
        var end = fault.AtMs + fault.DurationMs;
        var cleared = r.SlowDiagnoses.FirstOrDefault(d => !d.Suspected && d.Process == fault.Target && d.AtMs >= end);
        return new Faulty(r.Options.Seed, fault.Target!, fault.Value, verdict, first?.Process, first is null ? 0 : first.AtMs - fault.AtMs, cleared?.AtMs - end, r.Passed);
    }

    /// <summary>Runs <paramref name="n"/> seeds on every core; the results in seed order.</summary>
    private static T[] Map<T>(int n, Func<int, T> run)
    {
        var results = new T[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = run(i));
        return results;
    }

    private static int Count(IEnumerable<Faulty> f, Verdict v) => f.Count(x => x.Verdict == v);

    private static long Q(long[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Sec(long ms) => string.Create(CultureInfo.InvariantCulture, $"{ms / 1000.0:0.00} s");

    private static string Pct(int k, int n) => string.Create(CultureInfo.InvariantCulture, $"{100.0 * k / Math.Max(1, n):0.0}%");

    private static string Histogram(long[] ms)
    {
        long[] edges = [1000, 1500, 2000, 2500, 3000, 4000, 6000];
        var parts = new List<string>();
        long lo = 0;
        foreach (var e in edges)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{lo / 1000.0:0.#}-{e / 1000.0:0.#} s: {ms.Count(x => x >= lo && x < e)}"));
            lo = e;
        }
        parts.Add(string.Create(CultureInfo.InvariantCulture, $">= {lo / 1000.0:0.#} s: {ms.Count(x => x >= lo)}"));
        return string.Join(", ", parts);
    }
}
