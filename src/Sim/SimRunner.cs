using System.Diagnostics;
using FtCore.Core.Ids;
using FtCore.Sim.Faults;

namespace FtCore.Sim;

/// <summary>Prepares and runs one simulated run from options, a scenario, or a saved schedule.</summary>
internal static class SimRunner
{
    /// <summary>The run's configuration and schedule as the seed (or the scenario, or the file) decides them.</summary>
    public static (RunConfig Config, FaultSchedule Schedule, IReadOnlyList<(NodeId, long)>? Starts) Prepare(SimOptions o, FaultSchedule? saved = null)
    {
        if (o.Scenario is not null) return Scenarios.Build(o);
        var master = new Prng(o.Seed);
        var config = RunConfig.Draw(o, master.Fork());
        var schedule = saved ?? FaultGenerator.Generate(o, config, master.Fork());
        if (saved is not null) config = config with { HealAtMs = saved.HealAtMs };
        return (config, schedule, null);
    }

    public static SimResult Run(SimOptions o, FaultSchedule? saved = null)
    {
        var sw = Stopwatch.StartNew();
        var (config, schedule, starts) = Prepare(o, saved);
        var result = new Simulator(o, config, schedule, starts).Run();
        result.WallMs = sw.ElapsedMilliseconds;
        return result;
    }
}
