using System.Text.RegularExpressions;
using FtCore.Core.Roles;
using FtCore.Sim;
using FtCore.Sim.Checking;
using FtCore.Sim.Faults;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>A violation names every process its message is about, so the failure excerpt can show them all.</summary>
public partial class ViolationProcessesTests
{
    [Theory]
    [InlineData(ReplicationMode.Active, 1UL)]
    [InlineData(ReplicationMode.Active, 2UL)]
    [InlineData(ReplicationMode.Passive, 3UL)]
    public void Replicas_that_disagree_are_both_named(ReplicationMode mode, ulong seed)
    {
        var r = SimRunner.Run(new SimOptions { Seed = seed, Mode = mode, Protocol = ProtocolKind.Naive, DurationMs = 20_000, Faults = FaultClass.Crash });
        var v = r.Violations.First(x => x.Invariant == Invariants.ReplicasAgree);
        var named = Replica().Matches(v.Message).Select(m => m.Value).Distinct().ToList();
        Assert.True(named.Count >= 2, v.ToString());
        Assert.All(named, n => Assert.Contains(n, v.Processes));
    }

    [Fact]
    public void A_linearizability_failure_names_its_clients_and_the_replicas_that_replied()
    {
        // A leader that replies before the commit loses acknowledged updates when it dies.
        var faults = Enumerable.Range(0, 6).Select(i => new FaultEvent { AtMs = 2000 + 1500 * i, Kind = FaultKind.CrashLeaderAfterReply, DurationMs = 1000 }).ToArray();
        Violation? lin = null;
        for (var seed = 1; seed <= 20 && lin is null; seed++)
        {
            var o = new SimOptions { Seed = (ulong)seed, Mode = ReplicationMode.Passive, DurationMs = 20_000, Mutation = ReplicaMutation.SkipCommitWait };
            var schedule = new FaultSchedule { Seed = o.Seed, Mode = o.Mode, DurationMs = o.DurationMs, HealAtMs = 12_000, FaultClass = FaultClass.All, Faults = faults };
            lin = SimRunner.Run(o, schedule).Violations.FirstOrDefault(v => v.Invariant == Invariants.Linearizable && !v.Message.StartsWith("checker could not decide", StringComparison.Ordinal));
        }
        Assert.NotNull(lin);
        Assert.Contains(lin.Processes, p => p.StartsWith('C'));
        Assert.Contains(lin.Processes, p => p.StartsWith('S'));
    }

    [GeneratedRegex(@"\bS\d\b")]
    private static partial Regex Replica();
}
