using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using Xunit;
using static FtCore.Core.Tests.Roles.RoleHarness;

namespace FtCore.Core.Tests.Roles;

/// <summary>A replica that dies every time before it is ready is relaunched less and less often, not every second forever.</summary>
public sealed class RmCrashLoopTests
{
    private static readonly ClusterOptions Options = new() { LfdHeartbeatMs = 100, LfdTimeoutMs = 300, GfdHeartbeatMs = 100, GfdTimeoutMs = 300 };
    private static readonly NodeId S1 = NodeId.Replica(1), S2 = NodeId.Replica(2), S3 = NodeId.Replica(3);
    private static readonly NodeId[] Lfds = [NodeId.Lfd(1), NodeId.Lfd(2), NodeId.Lfd(3)];

    private readonly Rm _rm = new(Options);
    private long _version;
    private readonly List<string> _lines = [];

    private List<Effect> Step(Action<Rm> input)
    {
        input(_rm);
        var effects = Drain(_rm);
        _lines.AddRange(effects.Where(e => e.Event is not null).Select(e => ConsoleRenderer.Render(NodeId.Rm, e.Event!)).OfType<string>());
        return effects;
    }

    private List<Effect> Members(long atMs, params (NodeId Replica, long Inc)[] live) =>
        Step(rm => rm.Receive(atMs * 1000, NodeId.Gfd, new Membership(++_version, live.Select(l => new ReplicaInc(l.Replica, l.Inc)).ToArray(), Lfds)));

    private List<Effect> Tick(long atMs) => Step(rm => rm.Tick(atMs * 1000));

    private static bool Launches(List<Effect> effects, NodeId replica) => Sends<Launch>(effects).Any(s => s.Msg.Replica == replica);

    [Fact]
    public void Third_start_in_a_row_that_dies_before_ready_backs_off_and_a_ready_start_ends_it()
    {
        Step(rm => rm.Start(0));
        Members(10, (S1, 1), (S3, 1));
        // S2 joins and dies before it is ready, three times.
        long t = 100;
        for (var inc = 1; inc <= 3; inc++)
        {
            Members(t, (S1, 1), (S2, inc), (S3, 1));
            Assert.Contains(S2, _rm.CurrentView.Members.Select(m => m.Replica));
            var died = Members(t + 50, (S1, 1), (S3, 1));
            Assert.Equal(inc == 3, Events<RelaunchBackedOff>(died).Any());
            t += 100;
        }
        var backedOff = Assert.Single(_lines, l => l.Contains("died 3 times in a row", StringComparison.Ordinal));
        Assert.Equal("RM: S2 died 3 times in a row before it was ready; next relaunch in 2000 ms (its own console says why; admin launch S2 does not wait)", backedOff);

        // The third death was at 350 ms: no relaunch of S2 before 2,350 ms, one after.
        Assert.False(Launches(Tick(1000), S2));
        Assert.False(Launches(Tick(2000), S2));
        Assert.True(Launches(Tick(3000), S2));

        // The fourth dies too: it waits twice as long.
        Members(3100, (S1, 1), (S2, 4), (S3, 1));
        Assert.Equal(4000, Assert.Single(Events<RelaunchBackedOff>(Members(3200, (S1, 1), (S3, 1)))).WaitMs);
        Assert.False(Launches(Tick(6000), S2));
        Assert.True(Launches(Tick(7300), S2));

        // The admin's launch does not wait.
        Members(7400, (S1, 1), (S2, 5), (S3, 1));
        Members(7500, (S1, 1), (S3, 1));
        var admin = Step(rm => rm.Receive(7600_000, NodeId.Admin, new AdminCommand(AdminOp.LaunchReplica, S2, 0)));
        Assert.True(Launches(admin, S2));

        // A start that becomes ready ends the loop: the next death is relaunched at the next retry.
        Members(7700, (S1, 1), (S2, 6), (S3, 1));
        Step(rm => rm.Receive(7800_000, S2, new ReadyNotice(_rm.CurrentView.Number, 6)));
        Assert.True(_rm.CurrentView.IsReady(S2));
        Assert.Empty(Events<RelaunchBackedOff>(Members(7900, (S1, 1), (S3, 1))));
        Assert.True(Launches(Tick(9000), S2));
    }

    [Fact]
    public void Manual_recovery_does_not_back_off_what_it_never_relaunches()
    {
        var rm = new Rm(Options with { AutoRecovery = false });
        rm.Start(0);
        for (var inc = 1; inc <= 4; inc++)
        {
            rm.Receive(inc * 100_000, NodeId.Gfd, new Membership(inc * 2, [new ReplicaInc(S1, 1), new ReplicaInc(S2, inc)], Lfds));
            rm.Receive(inc * 100_000 + 50_000, NodeId.Gfd, new Membership(inc * 2 + 1, [new ReplicaInc(S1, 1)], Lfds));
        }
        Assert.Empty(Events<RelaunchBackedOff>(Drain(rm)));
    }

    [Fact]
    public void Starts_that_died_under_manual_recovery_do_not_count_once_it_is_automatic_again()
    {
        Step(rm => rm.Start(0));
        Step(rm => rm.Receive(1_000, NodeId.Admin, new AdminCommand(AdminOp.SetAutoRecovery, default, 0)));
        Members(10, (S1, 1), (S3, 1));
        for (var inc = 1; inc <= 4; inc++)
        {
            Members(inc * 100, (S1, 1), (S2, inc), (S3, 1));
            Members(inc * 100 + 50, (S1, 1), (S3, 1));
        }
        Step(rm => rm.Receive(600_000, NodeId.Admin, new AdminCommand(AdminOp.SetAutoRecovery, default, 1)));
        Members(700, (S1, 1), (S2, 5), (S3, 1));
        Assert.Empty(Events<RelaunchBackedOff>(Members(750, (S1, 1), (S3, 1)))); // the first under automatic recovery
        Assert.True(Launches(Tick(1000), S2));
    }

    [Fact]
    public void A_replica_taken_out_by_a_lower_count_comes_back_without_its_old_wait()
    {
        Step(rm => rm.Start(0));
        Members(10, (S1, 1), (S3, 1));
        for (var inc = 1; inc <= 5; inc++)
        {
            Members(inc * 100, (S1, 1), (S2, inc), (S3, 1));
            Members(inc * 100 + 50, (S1, 1), (S3, 1));
        }
        Assert.False(Launches(Tick(1000), S2)); // the fifth death in a row: 8 s to wait
        Step(rm => rm.Receive(1_100_000, NodeId.Admin, new AdminCommand(AdminOp.SetReplicaCount, default, 1)));
        var grow = Step(rm => rm.Receive(1_200_000, NodeId.Admin, new AdminCommand(AdminOp.SetReplicaCount, default, 3)));
        Assert.True(Launches(grow, S2), "the admin's new count relaunches S2 at once");
    }
}
