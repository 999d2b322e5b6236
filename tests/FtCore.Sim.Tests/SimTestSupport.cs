using FtCore.Core.App;
using FtCore.Core.Roles;
using FtCore.Sim;
using FtCore.Sim.Faults;

namespace FtCore.Sim.Tests;

/// <summary>Runs a schedule and explains a failure in one message: seed, schedule, violations, replay.</summary>
internal static class SimTestSupport
{
    public static SimResult RunPlan(ulong seed, ReplicationMode mode, string app, IReadOnlyList<FaultEvent> faults, int durationMs = 20_000, int healAtMs = 12_000, ProtocolKind protocol = ProtocolKind.Ordered, bool transcript = false)
    {
        var options = new SimOptions { Seed = seed, Mode = mode, App = ShippedApps.All.Get(app), Protocol = protocol, DurationMs = durationMs, Faults = FaultClass.All, Transcript = transcript };
        var schedule = new FaultSchedule
        {
            Seed = seed,
            Mode = mode,
            App = app,
            Protocol = protocol,
            DurationMs = durationMs,
            Replicas = 3,
            Clients = 3,
            FaultClass = FaultClass.All,
            HealAtMs = healAtMs,
            Faults = faults.OrderBy(f => f.AtMs).ToList(),
        };
        return SimRunner.Run(options, schedule);
    }

    public static string Explain(SimResult r) =>
        $"seed {r.Options.Seed} mode {r.Options.Mode} app {r.Options.App}: {string.Join("; ", r.Violations)}\nschedule:\n{r.Schedule.ToJson()}";
}
