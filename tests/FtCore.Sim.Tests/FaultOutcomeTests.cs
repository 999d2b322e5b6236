using FtCore.Core.Roles;
using FtCore.Sim;
using FtCore.Sim.Faults;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>Every fault that comes due says what became of it: what it hit, or the specific reason it was skipped.</summary>
public class FaultOutcomeTests
{
    private static FaultEvent Crash(long at, string target) => new() { AtMs = at, Kind = FaultKind.Crash, Target = target };

    private static FaultOutcome OutcomeOf(SimResult r, long atMs) => Assert.Single(r.FaultOutcomes, o => o.Fault.AtMs == atMs);

    [Fact]
    public void A_second_crash_of_a_dead_replica_is_skipped_because_it_is_already_down()
    {
        var r = SimTestSupport.RunPlan(11, ReplicationMode.Active, "counter", [Crash(2000, "S2"), Crash(2001, "S2")]);
        Assert.True(OutcomeOf(r, 2000).Injected, SimTestSupport.Explain(r));
        var second = OutcomeOf(r, 2001);
        Assert.False(second.Injected);
        Assert.Equal("S2 already down", second.Detail);
    }

    [Fact]
    public void Crashing_the_last_ready_replica_is_skipped_because_it_would_leave_none()
    {
        var r = SimTestSupport.RunPlan(11, ReplicationMode.Active, "counter", [Crash(2000, "S1"), Crash(2001, "S2"), Crash(2002, "S3")]);
        var last = OutcomeOf(r, 2002);
        Assert.False(last.Injected);
        Assert.Equal("crashing S3 would leave no live ready replica", last.Detail);
    }

    [Fact]
    public void A_crash_during_a_loss_window_is_skipped_naming_the_open_window()
    {
        var loss = new FaultEvent { AtMs = 2000, Kind = FaultKind.Loss, Rate = 0.05, DurationMs = 3000 };
        var r = SimTestSupport.RunPlan(11, ReplicationMode.Passive, "counter", [loss, Crash(2500, "S1")]);
        Assert.True(OutcomeOf(r, 2000).Injected, SimTestSupport.Explain(r));
        var crash = OutcomeOf(r, 2500);
        Assert.False(crash.Injected);
        Assert.Equal("a loss window is open (crashes wait for a quiet network)", crash.Detail);
    }

    [Fact]
    public void A_network_fault_while_a_replica_is_down_is_skipped_naming_the_replica()
    {
        var cut = new FaultEvent { AtMs = 2001, Kind = FaultKind.Partition, Target = "S2", Peer = "C1", DurationMs = 500 };
        var r = SimTestSupport.RunPlan(11, ReplicationMode.Active, "counter", [Crash(2000, "S1"), cut]);
        var partition = OutcomeOf(r, 2001);
        Assert.False(partition.Injected);
        Assert.Equal("S1 is down (network faults wait for a healthy cluster)", partition.Detail);
    }

    [Fact]
    public void Crash_leader_names_the_replica_it_killed_and_relaunch_all_names_the_ones_it_started()
    {
        var relaunch = new FaultEvent { AtMs = 2100, Kind = FaultKind.Relaunch, Target = "all" };
        var idle = new FaultEvent { AtMs = 9000, Kind = FaultKind.Relaunch, Target = "all" };
        var r = SimTestSupport.RunPlan(11, ReplicationMode.Passive, "counter", [Crash(2000, "leader"), relaunch, idle]);
        var crash = OutcomeOf(r, 2000);
        Assert.True(crash.Injected);
        Assert.Matches("^S[123]$", crash.Detail);
        var first = OutcomeOf(r, 2100);
        Assert.True(first.Injected, first.ToString());
        Assert.Equal(crash.Detail, first.Detail);
        var second = OutcomeOf(r, 9000);
        Assert.False(second.Injected);
        Assert.Equal("no replica is down", second.Detail);
    }

    [Fact]
    public void An_armed_crash_says_whom_it_killed_when_it_fired()
    {
        var arm = new FaultEvent { AtMs = 3000, Kind = FaultKind.CrashLeaderAfterReply };
        var r = SimTestSupport.RunPlan(7, ReplicationMode.Active, "counter", [arm]);
        var armed = OutcomeOf(r, 3000);
        Assert.True(armed.Injected);
        Assert.Matches(@"^fired at 00:00:03\.\d{3}: leader S[123] killed right after sending ClientReply$", armed.Detail);
    }

    [Fact]
    public void The_transcript_gives_the_reason_for_a_skipped_fault_and_counts_match_the_outcomes()
    {
        var r = SimTestSupport.RunPlan(11, ReplicationMode.Active, "counter", [Crash(2000, "S2"), Crash(2001, "S2")], transcript: true);
        Assert.Contains(r.Transcript, l => l.StartsWith("SIM | [00:00:02.001] fault skipped (S2 already down): 2001ms Crash S2", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Transcript, l => l.Contains("outside the fault model or nothing to do", StringComparison.Ordinal));
        Assert.Equal(r.FaultsInjected, r.FaultOutcomes.Count(o => o.Injected));
        Assert.Equal(r.FaultsSkipped, r.FaultOutcomes.Count(o => !o.Injected));
        Assert.All(r.FaultOutcomes.Where(o => !o.Injected), o => Assert.NotEmpty(o.Detail));
    }

    [Fact]
    public void Generated_runs_give_every_skipped_fault_a_reason_and_stay_deterministic()
    {
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var o = new SimOptions { Seed = seed, DurationMs = 20_000 };
            var a = SimRunner.Run(o);
            var b = SimRunner.Run(o);
            Assert.Equal(a.FaultOutcomes.Select(x => x.ToString()), b.FaultOutcomes.Select(x => x.ToString()));
            Assert.All(a.FaultOutcomes.Where(x => !x.Injected), x => Assert.False(string.IsNullOrWhiteSpace(x.Detail), x.ToString()));
            Assert.True(a.FaultOutcomes.Count <= a.Schedule.Faults.Count);
        }
    }
}
