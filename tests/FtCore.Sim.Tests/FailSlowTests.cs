using FtCore.Core.Roles;
using FtCore.Sim;
using FtCore.Sim.Faults;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>The fail-slow detector in the simulator: the right process named when one replica is slowed, nobody when none is, the same diagnosis for the same seed.</summary>
public class FailSlowTests
{
    private const int Duration = 30_000;

    [Theory]
    [InlineData(ReplicationMode.Active, 100UL)]
    [InlineData(ReplicationMode.Passive, 200UL)]
    public void One_slowed_replica_is_named_and_cleared_and_a_clean_run_names_nobody(ReplicationMode mode, ulong first)
    {
        for (var seed = first; seed < first + 5; seed++)
        {
            var slow = SimRunner.Run(new SimOptions { Seed = seed, Mode = mode, DurationMs = Duration, Faults = FaultClass.Slow });
            var fault = Assert.Single(slow.Schedule.Faults);
            Assert.Equal(FaultKind.Slow, fault.Kind);
            Assert.InRange(fault.Value, 5, 50);
            Assert.True(slow.Passed, string.Join("; ", slow.Violations));
            Assert.True(fault.Target == slow.SlowSuspect, $"seed {seed}: slowed {fault.Target}, named {slow.SlowSuspect ?? "none"}");
            Assert.InRange(slow.SlowDetectedAtMs!.Value, fault.AtMs, fault.AtMs + fault.DurationMs);
            Assert.Contains(slow.SlowDiagnoses, d => !d.Suspected && d.Process == fault.Target && d.AtMs >= fault.AtMs + fault.DurationMs);

            var clean = SimRunner.Run(new SimOptions { Seed = seed, Mode = mode, DurationMs = Duration, Faults = FaultClass.None });
            Assert.True(clean.SlowSuspect is null, $"seed {seed}: no fault, yet {clean.SlowSuspect} named: {string.Join("; ", clean.SlowDiagnoses)}");
            Assert.Null(clean.SlowDetectedAtMs);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_diagnosis()
    {
        var o = new SimOptions { Seed = 7, DurationMs = Duration, Faults = FaultClass.Slow, Transcript = true };
        var a = SimRunner.Run(o);
        var b = SimRunner.Run(o);
        Assert.NotEmpty(a.SlowDiagnoses);
        Assert.Equal(a.SlowDiagnoses, b.SlowDiagnoses);
        Assert.Contains(a.Transcript, l => l.StartsWith("RM | ", StringComparison.Ordinal) && l.Contains("RM: fail-slow: ", StringComparison.Ordinal));
        Assert.Equal(a.Transcript, b.Transcript);
    }
}
