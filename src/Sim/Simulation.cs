using System.Diagnostics;
using FtCore.Core.App;
using FtCore.Sim.Faults;

namespace FtCore.Sim;

/// <summary>
/// The simulator for your own tests: one seed, one fault schedule, a sweep over seeds, and
/// shrinking a failing schedule. Every run checks the six invariants (linearizable against the
/// application's model, replicas agree, each request executed at most once, one leader per view,
/// convergence after the faults, crashes detected in time) and the application's own
/// <see cref="Application{TCommand, TResult}.CheckState"/>.
/// </summary>
public static class Simulation
{
    /// <summary>Runs one seed: the seed draws the configuration, the faults, the network and the workload.</summary>
    public static SimResult Run(SimOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SimRunner.Run(options);
    }

    /// <summary>Runs one fault schedule (from <see cref="SimGen"/>, a shrink, or a saved file) with <paramref name="app"/>.</summary>
    public static SimResult Run(FaultSchedule schedule, IApplication app)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(app);
        return SimRunner.Run(schedule.ToOptions(new ApplicationSet(app)), schedule);
    }

    /// <summary>
    /// Runs <paramref name="runs"/> seeds from <paramref name="options"/>'s seed on; every failing run
    /// is kept. <paramref name="progress"/> hears each run as it ends.
    /// </summary>
    public static SweepResult Sweep(SimOptions options, int runs, Action<SimResult>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var sw = Stopwatch.StartNew();
        var failures = new List<SimResult>();
        for (var i = 0; i < runs; i++)
        {
            var r = SimRunner.Run(options with { Seed = options.Seed + (ulong)i });
            if (!r.Passed) failures.Add(r);
            progress?.Invoke(r);
        }
        return new SweepResult(runs, failures, sw.ElapsedMilliseconds);
    }

    /// <summary>
    /// The smallest schedule found (fewer faults, earlier end) that still breaks the invariant
    /// <paramref name="failed"/> broke first; at most <paramref name="maxRuns"/> runs.
    /// </summary>
    public static FaultSchedule Shrink(SimResult failed, int maxRuns = 60)
    {
        ArgumentNullException.ThrowIfNull(failed);
        if (failed.Passed) throw new ArgumentException("the run passed: there is nothing to shrink", nameof(failed));
        return Shrinker.Shrink(failed.Options, failed.Schedule, failed.Violations[0].Invariant, maxRuns);
    }
}

/// <summary>What a sweep found: the runs that failed, in seed order.</summary>
public sealed record SweepResult(int Runs, IReadOnlyList<SimResult> Failures, long WallMs)
{
    public bool Passed => Failures.Count == 0;

    /// <summary>Runs per minute of wall time.</summary>
    public double RunsPerMinute => Runs / Math.Max(1e-9, WallMs / 60_000.0);
}
