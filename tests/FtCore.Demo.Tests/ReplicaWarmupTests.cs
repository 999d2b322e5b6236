using FtCore.Core.Roles;
using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>The drill a replica process runs before it joins really goes through promotion, replay and state transfer.</summary>
public sealed class ReplicaWarmupTests
{
    [Theory]
    [InlineData(ReplicationMode.Passive, "counter")]
    [InlineData(ReplicationMode.Active, "counter")]
    [InlineData(ReplicationMode.Passive, "kv")]
    [InlineData(ReplicationMode.Active, "kv")]
    public void The_drill_ends_with_the_relaunched_replica_caught_up_with_the_promoted_leader(ReplicationMode mode, string app)
    {
        var result = ReplicaWarmup.Run(new ClusterOptions { Mode = mode, App = app }, Cli.ProgramApps.Get(app));
        Assert.NotNull(result);
        Assert.Null(result.Failure);
        Assert.True(result.CaughtUp, $"{mode} {app}: the relaunched replica did not catch up: {result.Replicas}");
    }

    [Theory]
    [InlineData(ReplicationMode.Passive)]
    [InlineData(ReplicationMode.Active)]
    public void The_drill_also_runs_for_a_one_replica_cluster(ReplicationMode mode)
    {
        // Milestone 1 of the guide runs --replicas 1 (and one may cap --max-replicas at 1): the drill runs its two replicas all the same.
        var result = ReplicaWarmup.Run(new ClusterOptions { Mode = mode, Replicas = 1, MaxReplicas = 1 }, Cli.ProgramApps.Get("counter"));
        Assert.NotNull(result);
        Assert.True(result.Failure is null && result.CaughtUp, $"{mode}: {result.Failure} {result.Replicas}");
    }
}
