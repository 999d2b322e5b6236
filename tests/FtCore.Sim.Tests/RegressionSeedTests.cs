using FtCore.Core.App;
using FtCore.Core.Roles;
using FtCore.Sim;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>Seeds the simulator once failed on (see the commit that fixed each); they must keep passing.</summary>
public class RegressionSeedTests
{
    [Theory]
    // A crash undetected because the LFD had already declared the replica failed (loss).
    [InlineData(ReplicationMode.Active, "counter", 8UL)]
    // A replica relaunched by hand beyond the replica count was never stopped.
    [InlineData(ReplicationMode.Active, "counter", 9UL)]
    // A false suspicion during a crash removed the last other ready replica (now outside the fault model).
    [InlineData(ReplicationMode.Active, "counter", 79UL)]
    // A crash followed by its machine's crash before detection.
    [InlineData(ReplicationMode.Active, "kv", 278UL)]
    [InlineData(ReplicationMode.Passive, "kv", 278UL)]
    public void Seed_passes(ReplicationMode mode, string app, ulong seed)
    {
        var r = SimRunner.Run(new SimOptions { Seed = seed, Mode = mode, App = ShippedApps.All.Get(app) });
        Assert.True(r.Passed, SimTestSupport.Explain(r));
    }

    /// <summary>
    /// Found by samples/Bank's sweep: a faster GFD heartbeat applied its shorter timeout to reports
    /// due under the old period, so the GFD declared every LFD dead at once and the only replica
    /// holding the state was dropped for good. Each LFD (and each LFD's replica) now gets the new
    /// timeout from the change, never later than its old deadline.
    /// </summary>
    [Theory]
    [InlineData("counter", 38UL)]
    [InlineData("kv", 38UL)]
    public void A_faster_heartbeat_does_not_fail_everyone_at_once(string app, ulong seed)
    {
        var r = SimRunner.Run(new SimOptions { Seed = seed, Mode = ReplicationMode.Passive, App = ShippedApps.All.Get(app), DurationMs = 20_000 });
        Assert.True(r.Passed, SimTestSupport.Explain(r));
    }

    /// <summary>Found by the schedule property: a heartbeat made faster right after a crash is not a late detection.</summary>
    [Fact]
    public void Heartbeat_change_after_a_crash_keeps_the_detection_bound_in_force_at_the_crash()
    {
        var faults = new[]
        {
            new FtCore.Sim.Faults.FaultEvent { AtMs = 419, Kind = FtCore.Sim.Faults.FaultKind.Crash, Target = "leader" },
            new FtCore.Sim.Faults.FaultEvent { AtMs = 1007, Kind = FtCore.Sim.Faults.FaultKind.CrashLeaderMidOrder, DurationMs = 517 },
            new FtCore.Sim.Faults.FaultEvent { AtMs = 1321, Kind = FtCore.Sim.Faults.FaultKind.Admin, Admin = FtCore.Core.Messages.AdminOp.SetLfdHeartbeat, Target = "LFD2", Value = 37 },
        };
        var r = SimTestSupport.RunPlan(1217266765, ReplicationMode.Active, "kv", faults);
        Assert.True(r.Passed, SimTestSupport.Explain(r));
    }

    /// <summary>
    /// Found by the schedule property: the replica count shrank right after the leader died, before
    /// its crash was reported; the RM removed the only live ready replica and the state was lost.
    /// </summary>
    [Fact]
    public void Shrinking_during_a_failover_keeps_the_only_live_copy_of_the_state()
    {
        var faults = new[]
        {
            new FtCore.Sim.Faults.FaultEvent { AtMs = 764, Kind = FtCore.Sim.Faults.FaultKind.MachineCrash, Target = "LFD1" },
            new FtCore.Sim.Faults.FaultEvent { AtMs = 796, Kind = FtCore.Sim.Faults.FaultKind.CrashLeaderAfterReply, DurationMs = 525 },
            new FtCore.Sim.Faults.FaultEvent { AtMs = 2100, Kind = FtCore.Sim.Faults.FaultKind.CrashLeaderAfterReply, DurationMs = 2920 },
            new FtCore.Sim.Faults.FaultEvent { AtMs = 2731, Kind = FtCore.Sim.Faults.FaultKind.CrashLeaderMidOrder, DurationMs = 1199 },
            new FtCore.Sim.Faults.FaultEvent { AtMs = 3383, Kind = FtCore.Sim.Faults.FaultKind.Admin, Admin = FtCore.Core.Messages.AdminOp.SetReplicaCount, Target = "S1", Value = 2 },
        };
        var r = SimTestSupport.RunPlan(1826527969, ReplicationMode.Active, "counter", faults);
        Assert.True(r.Passed, SimTestSupport.Explain(r));
    }

    /// <summary>Found by --runs: a long 10-client history ran the checker out of a fixed budget (it failed closed).</summary>
    [Fact]
    public void Long_ten_client_history_is_decided()
    {
        var r = SimRunner.Run(new SimOptions { Seed = 400068, Mode = ReplicationMode.Passive, Clients = 10 });
        Assert.True(r.Passed, SimTestSupport.Explain(r));
    }
}
