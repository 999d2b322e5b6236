using FtCore.Core.App.Counter;
using FtCore.Core.App.Kv;
using FtCore.Tests.Shared;
using FtCore.Core.App;
using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using Xunit;
using static FtCore.Core.Tests.Roles.RoleHarness;

namespace FtCore.Core.Tests.Roles;

/// <summary>Unit tests of single roles: inputs in, effects out, time passed in (microseconds).</summary>
public class RoleTests
{
    private static readonly ClusterOptions Options = new() { LfdHeartbeatMs = 100, LfdTimeoutMs = 300 };
    private static readonly NodeId S1 = NodeId.Replica(1), S2 = NodeId.Replica(2), C1 = NodeId.Client(1), Lfd1 = NodeId.Lfd(1);

    [Fact]
    public void Lfd_adds_after_first_reply_and_deletes_after_the_timeout()
    {
        var lfd = new Lfd(Lfd1, Options);
        lfd.Start(0);
        lfd.Receive(1_000, S1, new Register(1));
        Assert.Single(Sends<Heartbeat>(Drain(lfd)));
        lfd.Receive(2_000, S1, new HeartbeatAck(1, 1));
        var added = Drain(lfd);
        Assert.Single(Events<ReplicaAdded>(added));
        Assert.Single(Sends<LfdStatus>(added), s => s.Msg.Members.Length == 1);
        lfd.Tick(301_999);
        Assert.Empty(Events<ReplicaDeleted>(Drain(lfd)));
        lfd.Tick(302_000);
        var deleted = Drain(lfd);
        Assert.Single(Events<HeartbeatFailed>(deleted));
        Assert.Single(Events<ReplicaDeleted>(deleted));
        Assert.Empty(lfd.AliveReplicas());
    }

    [Fact]
    public void Lfd_fails_a_replica_whose_process_exited_at_once_and_only_that_incarnation()
    {
        var lfd = new Lfd(Lfd1, Options);
        lfd.Start(0);
        lfd.Receive(1_000, S1, new Register(2));
        lfd.Receive(2_000, S1, new HeartbeatAck(1, 2));
        Drain(lfd);
        lfd.ReplicaExited(3_000, S1, 1); // an older start's exit (the one a relaunch replaced)
        Assert.Empty(Drain(lfd));
        Assert.Single(lfd.AliveReplicas());

        lfd.ReplicaExited(4_000, S1, 2); // long before the timeout (300 ms)
        var gone = Drain(lfd);
        Assert.Equal(["LFD1: heartbeat to S1 failed (its process exited)", "LFD1: delete replica S1"],
            Events<ConsoleEvent>(gone).Select(e => ConsoleRenderer.Render(Lfd1, e) ?? "").ToArray());
        Assert.Single(Sends<LfdStatus>(gone), s => s.Msg.Members.Length == 0);
        Assert.Empty(lfd.AliveReplicas());

        lfd.ReplicaExited(5_000, S1, 2); // told twice: nothing more
        Assert.Empty(Drain(lfd));
        lfd.Receive(6_000, S1, new HeartbeatAck(1, 2)); // a reply it sent just before it died
        Assert.Empty(Drain(lfd));
        Assert.Empty(lfd.AliveReplicas());
        lfd.Tick(302_000); // and the timeout does not fail it again
        Assert.Empty(Events<ReplicaDeleted>(Drain(lfd)));
        Assert.Empty(Events<HeartbeatFailed>(Drain(lfd)));
    }

    [Fact]
    public void Lfd_lets_a_launch_replace_a_replica_that_exited_before_its_first_reply()
    {
        var lfd = new Lfd(Lfd1, Options);
        lfd.Start(0);
        lfd.Receive(500, NodeId.Rm, new Launch(S1));
        Drain(lfd);
        lfd.Receive(1_000, S1, new Register(1));
        Drain(lfd);
        lfd.ReplicaExited(2_000, S1, 1);
        var failed = Drain(lfd);
        Assert.Single(Events<ReplicaExited>(failed));
        Assert.Empty(Events<ReplicaDeleted>(failed)); // never added, so nothing to delete
        lfd.Receive(700_000, NodeId.Rm, new Launch(S1));
        Assert.Contains(Drain(lfd), e => e.Kind == EffectKind.Launch && e.Target == S1);
    }

    [Fact]
    public void Lfd_treats_a_new_incarnation_as_a_failure_plus_a_recovery()
    {
        var lfd = new Lfd(Lfd1, Options);
        lfd.Start(0);
        lfd.Receive(1_000, S1, new Register(1));
        lfd.Receive(2_000, S1, new HeartbeatAck(1, 1));
        Drain(lfd);
        lfd.Receive(50_000, S1, new Register(2)); // killed and relaunched within one period
        Assert.Single(Events<ReplicaDeleted>(Drain(lfd)), d => d.Incarnation == 1);
        lfd.Receive(51_000, S1, new HeartbeatAck(1, 1)); // a late reply from the dead start
        Assert.Empty(Events<ReplicaAdded>(Drain(lfd)));
        lfd.Receive(52_000, S1, new HeartbeatAck(2, 2));
        Assert.Single(Events<ReplicaAdded>(Drain(lfd)), a => a.Incarnation == 2);
    }

    [Fact]
    public void Rm_bootstraps_the_first_replica_ready_and_later_ones_not_ready()
    {
        var rm = new Rm(Options);
        rm.Start(0);
        rm.Receive(1, NodeId.Gfd, new Membership(1, [new ReplicaInc(S1, 1)], [Lfd1]));
        Assert.True(rm.CurrentView.IsReady(S1));
        Assert.Equal(S1, rm.CurrentView.Leader);
        rm.Receive(2, NodeId.Gfd, new Membership(2, [new ReplicaInc(S1, 1), new ReplicaInc(S2, 1)], [Lfd1]));
        Assert.False(rm.CurrentView.IsReady(S2));
        var v = rm.CurrentView.Number;
        rm.Receive(3, S2, new ReadyNotice(v - 1, 1)); // not the current view: refused
        Assert.False(rm.CurrentView.IsReady(S2));
        rm.Receive(4, S2, new ReadyNotice(v, 1));
        Assert.True(rm.CurrentView.IsReady(S2));
        Assert.Equal(v + 1, rm.CurrentView.Number);
    }

    [Fact]
    public void Rm_never_removes_the_last_ready_member()
    {
        var rm = new Rm(Options);
        rm.Start(0);
        rm.Receive(1, NodeId.Gfd, new Membership(1, [new ReplicaInc(S1, 1)], [Lfd1]));
        rm.Receive(2, NodeId.Gfd, new Membership(2, [], [Lfd1]));
        Assert.True(rm.CurrentView.Contains(S1, 1));
    }

    [Fact]
    public void Client_keeps_the_first_reply_and_reports_a_differing_duplicate()
    {
        var c = new Client(C1, Options, Ops.Counter);
        c.Start(0);
        c.Receive(1, NodeId.Rm, new ViewChange(new View(1, [new ViewMember(S1, 1, true), new ViewMember(S2, 1, true)], S1, 1000)));
        c.Submit(2, Ops.Add(5));
        Assert.Equal(2, Sends<ClientRequest>(Drain(c)).Count());
        c.Receive(3, S1, new ClientReply(C1, S1, 101, Ops.Num(5)));
        Assert.True(c.Idle);
        c.Receive(4, S2, new ClientReply(C1, S2, 101, Ops.Num(5)));
        c.Receive(5, S2, new ClientReply(C1, S2, 101, Ops.Num(6)));
        var dups = Events<DuplicateReplyDiscarded>(Drain(c)).ToList();
        Assert.Equal(2, dups.Count);
        Assert.False(dups[0].Differs);
        Assert.True(dups[1].Differs);
        Assert.Equal("request_num 101: Discarded duplicate reply from S2", ConsoleRenderer.Render(C1, dups[0]));
    }

    [Fact]
    public void Single_replica_commits_executes_and_answers_a_retransmission_from_the_table()
    {
        var r = new Replica(S1, 1, Options, new CounterApp());
        r.Start(0);
        r.Receive(1, NodeId.Rm, new ViewChange(new View(1, [new ViewMember(S1, 1, true)], S1, 1000)));
        Assert.True(r.IsReady);
        Assert.True(r.IsLeader);
        Drain(r);
        r.Receive(2, C1, new ClientRequest(C1, 1, Ops.Add(5)));
        var first = Drain(r);
        Assert.Single(Sends<ClientReply>(first), x => Ops.NumberOf(x.Msg.Result) == 5);
        Assert.Equal("my_state_S1 = 0 before processing <C1, S1, 1, request>", ConsoleRenderer.Render(S1, Events<StateLine>(first).First()));
        r.Receive(3, C1, new ClientRequest(C1, 1, Ops.Add(5))); // retransmission
        var again = Drain(r);
        Assert.Single(Sends<ClientReply>(again), x => Ops.NumberOf(x.Msg.Result) == 5);
        Assert.Empty(Events<StateLine>(again)); // not executed twice
        Assert.Equal(1, r.StateSeq);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_replica_computes_the_state_digest_of_an_execution_only_for_whoever_compares_them(bool digests)
    {
        var r = new Replica(S1, 1, Options, new CounterApp());
        r.Out.Digests = digests;
        r.Start(0);
        r.Receive(1, NodeId.Rm, new ViewChange(new View(1, [new ViewMember(S1, 1, true)], S1, 1000)));
        Drain(r);
        r.Receive(2, C1, new ClientRequest(C1, 1, Ops.Add(5)));
        var effects = Drain(r);
        Assert.Single(Sends<ClientReply>(effects), x => Ops.NumberOf(x.Msg.Result) == 5); // served either way
        var executed = Assert.Single(Executions(effects));
        Assert.Equal(digests, executed.Digest != 0);
    }

    [Fact]
    public void Leader_waits_for_every_member_before_executing()
    {
        var r = new Replica(S1, 1, Options, new CounterApp());
        r.Start(0);
        r.Receive(1, NodeId.Rm, new ViewChange(new View(1, [new ViewMember(S1, 1, true), new ViewMember(S2, 1, true)], S1, 1000)));
        Drain(r);
        r.Receive(2, S2, new SyncRequest(1, 1, 0, false));
        Drain(r);
        r.Receive(3, S2, new OrderAck(1, 1, 0));
        r.Receive(4, C1, new ClientRequest(C1, 1, Ops.Add(5)));
        var ordered = Drain(r);
        Assert.Single(Sends<Order>(ordered));
        Assert.Empty(Sends<ClientReply>(ordered)); // not before the commit
        r.Receive(5, S2, new OrderAck(1, 2, 1)); // a dead incarnation's ack does not count
        Assert.Empty(Sends<ClientReply>(Drain(r)));
        r.Receive(6, S2, new OrderAck(1, 1, 1));
        Assert.Single(Sends<ClientReply>(Drain(r)));
    }

    [Fact]
    public void Message_from_an_older_view_is_refused()
    {
        var r = new Replica(S2, 1, Options, new CounterApp());
        r.Start(0);
        r.Receive(1, NodeId.Rm, new ViewChange(new View(3, [new ViewMember(S1, 1, true), new ViewMember(S2, 1, true)], S1, 1000)));
        Drain(r);
        r.Receive(2, S1, new Order(2, 1, [new Entry(C1, 1, Ops.Add(1))], 0));
        Assert.Single(Events<StaleRefused>(Drain(r)));
        Assert.Equal(0, r.LogEnd);
    }

    [Fact]
    public void Lfd_fails_a_replica_that_registers_and_never_answers_so_a_launch_replaces_it()
    {
        var lfd = new Lfd(Lfd1, Options);
        lfd.Start(0);
        lfd.Receive(500, NodeId.Rm, new Launch(S1));
        Assert.Contains(Drain(lfd), e => e.Kind == EffectKind.Launch && e.Target == S1);
        lfd.Receive(1_000, S1, new Register(1));
        Drain(lfd);
        lfd.Receive(2_000, NodeId.Rm, new Launch(S1));
        Assert.DoesNotContain(Drain(lfd), e => e.Kind == EffectKind.Launch); // registered: give it its timeout
        lfd.Tick(302_000);
        var failed = Drain(lfd);
        Assert.Single(Events<HeartbeatFailed>(failed));
        Assert.Empty(Events<ReplicaDeleted>(failed)); // never added, so nothing to delete
        lfd.Receive(303_000, NodeId.Rm, new Launch(S1));
        Assert.Contains(Drain(lfd), e => e.Kind == EffectKind.Launch && e.Target == S1);

        // One that registered on its own (say with a restarted LFD) may hold the state: not failed for a slow first reply.
        var other = new Lfd(Lfd1, Options);
        other.Start(0);
        other.Receive(1_000, S2, new Register(7));
        Drain(other);
        other.Tick(302_000);
        Assert.Empty(Events<HeartbeatFailed>(Drain(other)));
    }
}
