using FtCore.Core.Roles;
using FtCore.Sim.Checking;
using FtCore.Sim.Tests.UserApps;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>
/// User code that throws outside the state machine (the model, the workload, the renderer) is
/// reported as a violation of the application checks with what threw, never as a bare exception
/// out of the simulator; a renderer that throws costs only its line.
/// </summary>
public sealed class UserCodeThrowsTests
{
    private static SimOptions Options(FtCore.Core.App.IApplication app, bool transcript = false) =>
        new() { App = app, Mode = ReplicationMode.Active, Seed = 3, DurationMs = 10_000, Faults = FaultClass.None, Transcript = transcript };

    [Fact]
    public void A_model_that_throws_fails_the_run_naming_the_model()
    {
        var r = Simulation.Run(Options(new ThrowingModelApp()));

        Assert.False(r.Passed);
        var v = Assert.Single(r.Violations);
        Assert.Equal(Invariants.Application, v.Invariant);
        Assert.Contains("the linearizability checker could not run the model: throwingmodel's model threw InvalidOperationException: no sevens in this model", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workload_that_throws_fails_the_run_naming_the_client_and_the_workload()
    {
        var r = Simulation.Run(Options(new ThrowingWorkloadApp()));

        Assert.False(r.Passed);
        var v = r.Violations[0];
        Assert.Equal(Invariants.Application, v.Invariant);
        Assert.Matches(@"^C\d: throwingworkload's NextCommand \(or WriteCommand\) threw InvalidOperationException: nine is not a command$", v.Message);
        Assert.Equal(v.Message, Simulation.Run(r.Options).Violations[0].Message);
    }

    [Fact]
    public void A_renderer_that_throws_costs_its_line_not_the_run()
    {
        var r = Simulation.Run(Options(new ThrowingFormatApp(), transcript: true));

        Assert.True(r.Passed, string.Join("; ", r.Violations.Select(v => v.Message)));
        Assert.Contains(r.Transcript, l => l.Contains("Format threw InvalidOperationException: three will not print", StringComparison.Ordinal));
    }
}
