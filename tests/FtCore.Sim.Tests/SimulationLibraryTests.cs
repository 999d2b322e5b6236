using FtCore.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.Roles;
using FtCore.Sim.Checking;
using FtCore.Sim.Tests.UserApps;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>
/// The simulator as a library for a user's own application: a sweep of a correct application
/// passes, shrinking a failing run keeps the failure with no more faults, and SimGen's schedules
/// drive FsCheck properties.
/// </summary>
public sealed class SimulationLibraryTests
{
    private static readonly AdderApp Adder = new();
    private static readonly OffByOneApp OffByOne = new();

    [Fact]
    public void A_sweep_of_a_correct_custom_app_passes()
    {
        var seen = new List<SimResult>();
        var sweep = Simulation.Sweep(new SimOptions { App = Adder, Mode = ReplicationMode.Passive, Seed = 21, DurationMs = 10_000 }, runs: 3, seen.Add);

        SimAssert.Passes(sweep);
        Assert.Equal(3, sweep.Runs);
        Assert.Equal([21UL, 22UL, 23UL], seen.Select(r => r.Options.Seed));
        Assert.All(seen, r => Assert.True(r.RequestsCompleted > 0, $"seed {r.Options.Seed} completed no request"));
    }

    [Fact]
    public void Shrinking_a_failure_that_needs_no_fault_drops_every_fault()
    {
        var failed = Simulation.Run(new SimOptions { App = OffByOne, Mode = ReplicationMode.Active, Seed = 2, DurationMs = 5_000, Faults = FaultClass.All });
        Assert.False(failed.Passed);
        Assert.NotEmpty(failed.Schedule.Faults);

        var shrunk = Simulation.Shrink(failed);

        Assert.Empty(shrunk.Faults);
        Assert.Equal(Invariants.Linearizable, Simulation.Run(shrunk, OffByOne).Violations[0].Invariant);
    }

    [Fact]
    public void Shrinking_a_failure_at_a_state_transfer_keeps_a_crash_and_the_failure()
    {
        var app = new ForgetfulSnapshotApp();
        var options = new SimOptions { App = app, Mode = ReplicationMode.Active, DurationMs = 20_000, Faults = FaultClass.Crash };
        var failed = Enumerable.Range(1, 5).Select(s => Simulation.Run(options with { Seed = (ulong)s })).First(r => !r.Passed);

        var shrunk = Simulation.Shrink(failed, maxRuns: 30);

        Assert.InRange(shrunk.Faults.Count, 1, failed.Schedule.Faults.Count);
        var again = Simulation.Run(shrunk, app);
        Assert.Equal(Invariants.ReplicasAgree, again.Violations[0].Invariant);
        Assert.Contains("restoring a snapshot gave another state", again.Violations[0].Message, StringComparison.Ordinal);
    }

    private static SimOptions Template(Core.App.IApplication app) =>
        new() { App = app, Mode = ReplicationMode.Active, DurationMs = 10_000, Faults = FaultClass.All };

    [Property(MaxTest = 4, Replay = "(3141592653589793,2718281828459045)")]
    public Property A_correct_custom_app_keeps_every_invariant_under_generated_schedules() =>
        Prop.ForAll(SimGen.Schedules(Template(Adder)), schedule =>
        {
            var r = Simulation.Run(schedule, Adder);
            return r.Passed.Label(r.Passed ? "ok" : SimulationFailedException.Report(r));
        });

    [Property(MaxTest = 4, Replay = "(1618033988749894,1414213562373095)")]
    public Property A_model_that_disagrees_is_caught_under_every_generated_schedule() =>
        Prop.ForAll(SimGen.Schedules(Template(OffByOne)), schedule =>
        {
            var r = Simulation.Run(schedule, OffByOne);
            return (!r.Passed && r.Violations[0].Invariant == Invariants.Linearizable).Label(r.Passed ? "passed" : r.Violations[0].ToString());
        });
}
