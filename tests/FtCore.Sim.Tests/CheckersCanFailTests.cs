using FtCore.Core.Roles;
using FtCore.Sim;
using FtCore.Sim.Checking;
using FtCore.Sim.Faults;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>
/// Proof that the checkers can fail: the naive protocols and bugs planted only here are
/// caught, and the printed replay reproduces the same violation.
/// </summary>
public class CheckersCanFailTests
{
    private static SimResult FirstFailure(SimOptions o, int seeds)
    {
        for (ulong s = 1; s <= (ulong)seeds; s++)
        {
            var r = SimRunner.Run(o with { Seed = s });
            if (!r.Passed) return r;
        }
        throw new Xunit.Sdk.XunitException($"no violation found in {seeds} seeds for {o}");
    }

    [Theory]
    [InlineData(ReplicationMode.Active)]
    [InlineData(ReplicationMode.Passive)]
    public void Naive_protocol_is_caught_and_replays_the_same(ReplicationMode mode)
    {
        var o = new SimOptions { Mode = mode, Protocol = ProtocolKind.Naive, DurationMs = 30_000, Faults = FaultClass.Crash };
        var failed = FirstFailure(o, 30);
        Assert.Equal(1, failed.ExitCode);
        var replay = SimRunner.Run(failed.Options);
        Assert.Equal(failed.Violations[0].ToString(), replay.Violations[0].ToString());
    }

    [Theory]
    [InlineData(ReplicationMode.Active)]
    [InlineData(ReplicationMode.Passive)]
    public void Naive_warm_passive_loses_an_acknowledged_update_when_the_primary_dies(ReplicationMode mode)
    {
        var faults = new[] { new FaultEvent { AtMs = 3000, Kind = FaultKind.CrashLeaderAfterReply } };
        var r = SimTestSupport.RunPlan(7, mode, "counter", faults, protocol: ProtocolKind.Naive);
        Assert.False(r.Passed);
        Assert.Contains(r.Violations, v => v.Kind == ViolationKind.Safety);
    }

    [Theory]
    [InlineData(ReplicationMode.Active)]
    [InlineData(ReplicationMode.Passive)]
    public void Replica_that_skips_the_commit_wait_is_caught(ReplicationMode mode)
    {
        var faults = Enumerable.Range(0, 6).Select(i => new FaultEvent { AtMs = 2000 + 1500 * i, Kind = FaultKind.CrashLeaderAfterReply, DurationMs = 1000 }).ToArray();
        var caught = Enumerable.Range(1, 10).Any(seed =>
        {
            var o = new SimOptions { Seed = (ulong)seed, Mode = mode, DurationMs = 20_000, Mutation = ReplicaMutation.SkipCommitWait };
            var r = SimRunner.Run(o, Schedule(o, faults));
            return r.Violations.Any(v => v.Kind == ViolationKind.Safety);
        });
        Assert.True(caught, "a leader that replies before the commit lost no update in 10 seeds");
    }

    [Theory]
    [InlineData(ReplicationMode.Active)]
    [InlineData(ReplicationMode.Passive)]
    public void Replica_that_forgets_the_duplicate_table_is_caught(ReplicationMode mode)
    {
        var faults = new[] { new FaultEvent { AtMs = 1000, Kind = FaultKind.Loss, Rate = 0.3, DurationMs = 8000 } };
        var caught = Enumerable.Range(1, 10).Any(seed =>
        {
            var o = new SimOptions { Seed = (ulong)seed, Mode = mode, DurationMs = 20_000, Mutation = ReplicaMutation.ForgetDuplicateTable };
            var r = SimRunner.Run(o, Schedule(o, faults));
            return r.Violations.Any(v => v.Kind == ViolationKind.Safety);
        });
        Assert.True(caught, "a replica without its duplicate table executed nothing twice in 10 seeds");
    }

    private static FaultSchedule Schedule(SimOptions o, FaultEvent[] faults) => new()
    {
        Seed = o.Seed,
        Mode = o.Mode,
        App = o.App.Name,
        Protocol = o.Protocol,
        DurationMs = o.DurationMs,
        HealAtMs = 12_000,
        FaultClass = FaultClass.All,
        Faults = faults,
    };
}
