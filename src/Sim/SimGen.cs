using FsCheck;
using FsCheck.Fluent;
using FtCore.Sim.Faults;

namespace FtCore.Sim;

/// <summary>
/// FsCheck generators of simulated runs for your own property tests. A schedule is drawn from a
/// seed exactly as <c>sim --seed N</c> draws it (so it hits the hard cases on purpose), and shrinks
/// by dropping faults, then by ending earlier. A failing property shows the schedule; replay it
/// with <see cref="Simulation.Run(FaultSchedule, Core.App.IApplication)"/> or <c>sim --schedule FILE</c>.
/// </summary>
/// <example>
/// <code>
/// [Property(MaxTest = 500)]
/// public Property Bank_keeps_every_invariant() =>
///     Prop.ForAll(SimGen.Schedules(new SimOptions { App = bank, Mode = ReplicationMode.Active, DurationMs = 20_000 }),
///         schedule => SimAssert.Passes(Simulation.Run(schedule, bank)));
/// </code>
/// </example>
public static class SimGen
{
    /// <summary>Seeds for <see cref="Simulation.Run(SimOptions)"/>: any 64-bit value.</summary>
    public static Gen<ulong> Seeds { get; } =
        ArbMap.Default.GeneratorFor<long>().Zip(ArbMap.Default.GeneratorFor<int>(), (a, b) => unchecked(((ulong)a << 17) ^ (uint)b));

    /// <summary>Schedules of <paramref name="template"/>'s mode, size and fault classes, one per seed.</summary>
    public static Gen<FaultSchedule> Schedule(SimOptions template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Seeds.Select(seed => SimRunner.Prepare(template with { Seed = seed, Scenario = null }).Schedule);
    }

    /// <summary><see cref="Schedule"/> with shrinking: fewer faults first, then a shorter run.</summary>
    public static Arbitrary<FaultSchedule> Schedules(SimOptions template) => Arb.From(Schedule(template), Smaller);

    /// <summary>Smaller schedules: each fault left out in turn, then the run ending at the heal.</summary>
    public static IEnumerable<FaultSchedule> Smaller(FaultSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        for (var i = schedule.Faults.Count - 1; i >= 0; i--)
        {
            var faults = schedule.Faults.ToList();
            faults.RemoveAt(i);
            yield return schedule with { Faults = faults };
        }
        var shorter = (int)Math.Min(schedule.DurationMs, schedule.HealAtMs + 5_000);
        if (shorter < schedule.DurationMs && schedule.Faults.All(f => f.AtMs <= shorter)) yield return schedule with { DurationMs = shorter };
    }
}
