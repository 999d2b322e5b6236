using System.Diagnostics;
using System.Globalization;
using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Demo.Help;
using FtCore.Sim;

namespace FtCore.Demo.Commands;

/// <summary>
/// ftcore sim-bench: simulator speed on one core (deliveries per wall second, bytes allocated per
/// delivery) for the standard cluster and larger ones. The figures in README.md come from here.
/// </summary>
internal static class SimBenchCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, SimBenchSpec.Command);
        var runs = (int)a.Long("--runs", 10, 1, 10_000);
        var duration = (int)a.DurationMs("--duration", 60_000, 1000, 600_000);
        var mode = a.Choice("--mode", "active") == "passive" ? ReplicationMode.Passive : ReplicationMode.Active;
        var app = ProgramApps.Get(a.Choice("--app", ProgramApps.Current.Default.Name));
        if (a.Has("--fail-slow")) return FailSlowBench.Run(a.Seed("--seed", 1), runs, duration, mode, app, a.Has("--others"), stdout);
        var floor = a.Has("--floor") ? MeasureFloor(stdout) : 0;
        stdout.WriteLine($"simulator speed, one core, {runs} runs of {duration / 1000} s virtual each, mode {mode.ToString().ToLowerInvariant()}, app {app.Name}, faults all");
        stdout.WriteLine($"(each cluster first warmed up: runs of {WarmUpRunMs / 1000} s virtual, at least {WarmUpMinRuns} of them and {WarmUpMinWall.TotalSeconds:0} s, not counted)");
        stdout.WriteLine("replicas clients  deliveries/s  runs/min/core  bytes/delivery  requests/run  gc pause" + (floor > 0 ? "   floor/s  of floor" : ""));
        foreach (var (replicas, clients) in new[] { (3, 3), (5, 3), (7, 3), (3, 10), (3, 30) })
        {
            var o = new SimOptions { Mode = mode, App = app, Replicas = replicas, Clients = clients, DurationMs = duration };
            WarmUp(o);
            // The floor again, right before: this machine's speed drifts by a fifth within a minute, and a ratio of neighbours drifts less.
            var here = floor > 0 ? FloorRate(2_000_000) : 0;
            long deliveries = 0, requests = 0;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var pausedBefore = GC.GetTotalPauseDuration();
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++)
            {
                var r = SimRunner.Run(o with { Seed = (ulong)(i + 1) });
                deliveries += r.Deliveries;
                requests += r.RequestsCompleted;
            }
            sw.Stop();
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            var gcShare = (GC.GetTotalPauseDuration() - pausedBefore) / sw.Elapsed;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{replicas,8} {clients,7}  {deliveries / sw.Elapsed.TotalSeconds,12:0}  {runs / sw.Elapsed.TotalMinutes,13:0}  {bytes / (double)Math.Max(1, deliveries),14:0}  {requests / runs,12}  {gcShare,8:0.0%}")
                + (floor > 0 ? string.Create(CultureInfo.InvariantCulture, $"  {here,8:0}  {deliveries / sw.Elapsed.TotalSeconds / here,8:0.0%}") : ""));
        }
        return 0;
    }

    private const int WarmUpRunMs = 5000;
    private const int WarmUpMinRuns = 40;
    private static readonly TimeSpan WarmUpMinWall = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Short uncounted runs of the cluster until .NET has compiled its hot code fully: a method is
    /// recompiled optimized (with its profile) only after 30 calls and a pause in new compilation, and
    /// a run's loop, called once per run, otherwise runs as on-stack-replaced code. The floor it is
    /// compared with is warmed up too. Seeds from 1,000,000 on, apart from the measured ones.
    /// </summary>
    private static void WarmUp(SimOptions o)
    {
        var sw = Stopwatch.StartNew();
        var n = 0;
        while (n < WarmUpMinRuns || (sw.Elapsed < WarmUpMinWall && n < 10 * WarmUpMinRuns))
        {
            SimRunner.Run(o with { Seed = 1_000_000UL + (ulong)n, DurationMs = WarmUpRunMs });
            n++;
        }
    }

    /// <summary>The bare event loop's deliveries per second on this machine now (best of three, after a warm-up).</summary>
    private static double MeasureFloor(TextWriter stdout)
    {
        const long Deliveries = 5_000_000;
        BareEventLoop.Run(999, Deliveries / 10);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var best = FloorRate(Deliveries);
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (3.0 * Deliveries);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bare event loop (floor): {best:0} deliveries/s, {bytes:0.#} bytes/delivery ({BareEventLoop.Nodes} nodes, {BareEventLoop.InFlight} messages in flight, best of 3 x {Deliveries:N0})"));
        return best;
    }

    /// <summary>The bare event loop's best rate of three runs of <paramref name="deliveries"/>, in deliveries per second.</summary>
    private static double FloorRate(long deliveries)
    {
        var best = 0.0;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            BareEventLoop.Run((ulong)(i + 1), deliveries);
            best = Math.Max(best, deliveries / sw.Elapsed.TotalSeconds);
        }
        return best;
    }
}
