using FtCore.Core.App.Counter;
using FtCore.Core.App.Kv;
using FtCore.Tests.Shared;
using FtCore.Core.App;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using Xunit;
using static FtCore.Core.Tests.Roles.RoleHarness;

namespace FtCore.Core.Tests.Roles;

/// <summary>The counts and lines a student's consoles show, one rule per test.</summary>
public class ConsoleRuleTests
{
    private static readonly ClusterOptions Options = new() { LfdHeartbeatMs = 100, LfdTimeoutMs = 300, GfdHeartbeatMs = 100, GfdTimeoutMs = 300 };
    private static readonly NodeId S1 = NodeId.Replica(1), S2 = NodeId.Replica(2), S3 = NodeId.Replica(3);
    private static readonly NodeId C1 = NodeId.Client(1), Lfd1 = NodeId.Lfd(1), Lfd2 = NodeId.Lfd(2);

    [Fact]
    public void Every_lfd_heartbeat_carries_a_count_one_higher_than_the_previous_whatever_triggered_it()
    {
        var lfd = new Lfd(Lfd1, Options);
        lfd.Start(0);
        var counts = new List<long>();
        void Take() => counts.AddRange(Sends<Heartbeat>(Drain(lfd)).Select(s => s.Msg.Count));
        lfd.Tick(0);
        Take();
        lfd.Receive(50_000, S1, new Register(1)); // registering triggers a heartbeat between two periods
        Take();
        for (var t = 100_000L; t <= 500_000; t += 100_000)
        {
            lfd.Receive(t - 1, S1, new HeartbeatAck(counts[^1], 1));
            lfd.Tick(t);
            Take();
        }
        lfd.Receive(550_000, S1, new Register(2)); // relaunched: the count goes on
        Take();
        Assert.Equal(Enumerable.Range(1, counts.Count).Select(i => (long)i), counts);
    }

    [Fact]
    public void Gfd_counts_per_lfd_and_an_lfd_report_between_heartbeats_repeats_no_count()
    {
        var gfd = new Gfd(Options);
        gfd.Start(0);
        gfd.Receive(1, Lfd1, new LfdStatus(0, []));
        gfd.Receive(2, Lfd2, new LfdStatus(0, []));
        Drain(gfd);
        var toLfd1 = new List<long>();
        for (var t = 100_000L; t <= 400_000; t += 100_000)
        {
            gfd.Tick(t);
            var sent = Sends<GfdHeartbeat>(Drain(gfd)).ToList();
            toLfd1.AddRange(sent.Where(s => s.To == Lfd1).Select(s => s.Msg.Count));
            gfd.Receive(t + 1, Lfd1, new LfdStatus(sent[0].Msg.Count, []));
            gfd.Receive(t + 2, Lfd2, new LfdStatus(sent[1].Msg.Count, []));
        }
        Assert.Equal([1L, 2, 3, 4], toLfd1);

        var lfd = new Lfd(Lfd1, Options);
        lfd.Start(0);
        Drain(lfd);
        lfd.Receive(1, NodeId.Gfd, new GfdHeartbeat(7));
        var reply = Sends<LfdStatus>(Drain(lfd)).Single().Msg;
        Assert.Equal(7, reply.Count);
        Assert.Equal("[7] GFD receives heartbeat from LFD1: 0 members", ConsoleRenderer.Received(NodeId.Gfd, Lfd1, reply));
        lfd.Receive(2, NodeId.Gfd, new GfdHeartbeat(7)); // a duplicate copy is answered as a plain report
        lfd.Receive(3, S1, new Register(1));
        lfd.Receive(4, S1, new HeartbeatAck(1, 1)); // S1 added: reported at once, between two heartbeats
        var reports = Sends<LfdStatus>(Drain(lfd)).Select(s => s.Msg).ToList();
        Assert.All(reports, r => Assert.Equal(0, r.Count));
        Assert.Equal("GFD: LFD1 reports 1 member: S1", ConsoleRenderer.Received(NodeId.Gfd, Lfd1, reports[^1]));
        Assert.Equal("LFD1 reporting to GFD: 1 member: S1", ConsoleRenderer.Sent(Lfd1, NodeId.Gfd, reports[^1]));
    }

    [Fact]
    public void The_fail_slow_detectors_link_reports_stay_off_the_RMs_console()
    {
        Assert.Null(ConsoleRenderer.Received(NodeId.Rm, Lfd1, new LinkReport([])));
    }

    [Fact]
    public void A_checkpoint_round_carries_a_higher_count_than_every_earlier_checkpoint_state_transfers_included()
    {
        var passive = Options with { Mode = ReplicationMode.Passive };
        var r = new Replica(S1, 1, passive, new CounterApp());
        r.Start(0);
        r.Receive(1, NodeId.Rm, new ViewChange(new View(1, [new ViewMember(S1, 1, true)], S1, 1000)));
        Drain(r);
        r.Receive(2, NodeId.Rm, new ViewChange(new View(2, [new ViewMember(S1, 1, true), new ViewMember(S2, 1, false), new ViewMember(S3, 1, false)], S1, 1000)));
        r.Receive(3, S2, new SyncRequest(2, 1, 0, true));
        var transfer = Events<CheckpointSent>(Drain(r)).Single();
        Assert.True(transfer.StateTransfer);
        r.Receive(4, S3, new SyncRequest(2, 1, 0, true));
        var transfer2 = Events<CheckpointSent>(Drain(r)).Single();
        Assert.True(transfer2.CheckpointCount > transfer.CheckpointCount);
        r.Receive(5, S2, new OrderAck(2, 1, 0));
        r.Receive(6, S3, new OrderAck(2, 1, 0));
        r.Tick(2_000_000);
        var round = Events<CheckpointSent>(Drain(r)).ToList();
        Assert.Equal(2, round.Count);
        Assert.All(round, c => Assert.False(c.StateTransfer));
        Assert.Equal(round[0].CheckpointCount, round[1].CheckpointCount); // one round shares its count
        Assert.True(round[0].CheckpointCount > transfer2.CheckpointCount);

        // A backup that installs checkpoint n sends nothing below n + 1 should it become primary.
        var b = new Replica(S2, 1, passive, new CounterApp());
        b.Start(0);
        b.Receive(1, NodeId.Rm, new ViewChange(new View(2, [new ViewMember(S1, 1, true), new ViewMember(S2, 1, true)], S1, 1000)));
        b.Receive(2, S1, new Sync(2, null, 0, [], 0));
        b.Receive(3, S1, new Checkpoint(2, new CheckpointData(0, 9, new CounterState().Snapshot(), [])));
        Assert.Equal(10, b.CheckpointCount);
    }

    [Fact]
    public void An_active_replica_answers_a_request_once_and_a_retransmission_again()
    {
        var active = Options with { Mode = ReplicationMode.Active };
        var f = new Replica(S2, 1, active, new CounterApp());
        f.Start(0);
        f.Receive(1, NodeId.Rm, new ViewChange(new View(1, [new ViewMember(S1, 1, true), new ViewMember(S2, 1, true)], S1, 1000)));
        f.Receive(2, S1, new Sync(1, null, 0, [], 0));
        Drain(f);
        f.Receive(3, S1, new Order(1, 1, [new Entry(C1, 101, Ops.Add(5))], 1)); // the sequencer's order, committed
        Assert.Single(Sends<ClientReply>(Drain(f)));
        f.Receive(4, C1, new ClientRequest(C1, 101, Ops.Add(5))); // the client's own copy, late
        Assert.Empty(Sends<ClientReply>(Drain(f)));
        f.Receive(5, C1, new ClientRequest(C1, 101, Ops.Add(5))); // the client asks again
        Assert.Single(Sends<ClientReply>(Drain(f)));
    }

    [Fact]
    public void A_relaunched_client_counts_from_101_and_is_never_answered_with_an_earlier_runs_reply()
    {
        var r = new Replica(S1, 1, Options, new CounterApp());
        r.Start(0);
        r.Receive(1, NodeId.Rm, new ViewChange(new View(1, [new ViewMember(S1, 1, true)], S1, 1000)));
        Drain(r);
        var oldRun = new Client(C1, Options, Ops.Counter, 101, session: 5);
        var newRun = new Client(C1, Options, Ops.Counter, 101, session: 9);
        long Next(Client c)
        {
            c.Start(0);
            c.Receive(1, NodeId.Rm, new ViewChange(new View(1, [new ViewMember(S1, 1, true)], S1, 1000)));
            c.Submit(2, Ops.Add(1));
            return Sends<ClientRequest>(Drain(c)).Single().Msg.RequestNum;
        }
        var old = Next(oldRun);
        for (var n = 0; n < 150; n++) r.Receive(10 + n, C1, new ClientRequest(C1, old + n, Ops.Add(1)));
        Drain(r);
        var fresh = Next(newRun);
        Assert.Equal(101, RequestNumbers.Display(fresh));
        r.Receive(200, C1, new ClientRequest(C1, fresh, Ops.Add(1)));
        var effects = Drain(r);
        var reply = Sends<ClientReply>(effects).Single().Msg;
        Assert.Equal(fresh, reply.RequestNum);
        Assert.Equal(151, Ops.NumberOf(reply.Result)); // executed, not taken from the table
        Assert.Equal("Sending <C1, S1, 101, reply>", ConsoleRenderer.Sent(S1, C1, reply));
    }

    [Fact]
    public void Repeats_that_change_nothing_are_told_apart_from_changes_and_heartbeats_never_are()
    {
        var filter = new RepeatFilter();
        var m1 = new Membership(1, [new ReplicaInc(S1, 1)], [Lfd1]);
        var m2 = new Membership(2, [new ReplicaInc(S1, 1), new ReplicaInc(S2, 1)], [Lfd1]);
        bool Repeat(Message m) => filter.IsRepeatReceived(NodeId.Gfd, m, ConsoleRenderer.Received(NodeId.Rm, NodeId.Gfd, m)!);
        Assert.False(Repeat(m1));
        Assert.True(Repeat(m1));
        Assert.False(Repeat(m2));
        Assert.True(Repeat(m2));
        var hb = new GfdHeartbeat(3);
        Assert.False(filter.IsRepeatSent(Lfd1, hb, ConsoleRenderer.Sent(NodeId.Gfd, Lfd1, hb)!));
        Assert.False(filter.IsRepeatSent(Lfd1, hb, ConsoleRenderer.Sent(NodeId.Gfd, Lfd1, hb)!));
        // An LFD's periodic report: the count differs, the content does not.
        var lfdFilter = new RepeatFilter();
        bool Report(long n) { var m = new LfdStatus(n, [new ReplicaInc(S1, 1)]); return lfdFilter.IsRepeatSent(NodeId.Gfd, m, ConsoleRenderer.Sent(Lfd1, NodeId.Gfd, m)!); }
        Assert.False(Report(0));
        Assert.True(Report(4));
        Assert.True(Report(5));
    }

    [Fact]
    public void Rm_with_one_replica_sends_views_to_no_replica_beyond_it()
    {
        var rm = new Rm(Options with { Replicas = 1 });
        rm.Start(0);
        rm.Receive(1, NodeId.Gfd, new Membership(1, [new ReplicaInc(S1, 1)], [Lfd1]));
        var targets = Sends<ViewChange>(Drain(rm)).Select(s => s.To).Where(t => t.IsReplica).ToList();
        Assert.Equal([S1], targets);
        rm.Tick(5_000_000); // the periodic repeat too
        Assert.Equal([S1], Sends<ViewChange>(Drain(rm)).Select(s => s.To).Where(t => t.IsReplica).ToList());
    }

    [Fact]
    public void Rm_refusals_name_the_problem()
    {
        var rm = new Rm(Options);
        rm.Start(0);
        Drain(rm);
        string Outcome(AdminCommand a)
        {
            rm.Receive(1, NodeId.Admin, a);
            return Events<AdminApplied>(Drain(rm)).Single().Outcome;
        }
        Assert.Equal("refused: no LFD9 in this cluster (LFDs: LFD1..LFD3)", Outcome(new AdminCommand(AdminOp.SetLfdHeartbeat, NodeId.Lfd(9), 500)));
        Assert.Equal("refused: no S7 in this cluster (replicas: S1..S3)", Outcome(new AdminCommand(AdminOp.SetPrimary, NodeId.Replica(7), 0)));
        Assert.Equal("refused: no S7 in this cluster (replicas: S1..S3)", Outcome(new AdminCommand(AdminOp.LaunchReplica, NodeId.Replica(7), 0)));
        Assert.StartsWith("refused: the checkpoint frequency must be above 0 ms", Outcome(new AdminCommand(AdminOp.SetCheckpointFreq, default, 0)));
        Assert.StartsWith("refused: replica count must be", Outcome(new AdminCommand(AdminOp.SetReplicaCount, default, 9)));
    }

    [Fact]
    public void Rm_answers_a_watch_of_the_view_like_show_but_without_a_console_line()
    {
        var rm = new Rm(Options);
        rm.Start(0);
        rm.Receive(1, NodeId.Gfd, new Membership(1, [new ReplicaInc(S1, 1)], [Lfd1]));
        Drain(rm);
        var watcher = new NodeId(NodeKind.Admin, 7);
        var watch = new AdminCommand(AdminOp.WatchView, default, 0);
        rm.Receive(2, watcher, watch);
        var watched = Drain(rm);
        Assert.Empty(Events<AdminApplied>(watched));
        var reply = Sends<AdminReply>(watched).Single();
        Assert.Equal(watcher, reply.To);
        rm.Receive(3, NodeId.Admin, new AdminCommand(AdminOp.ShowView, default, 0));
        var shown = Drain(rm);
        Assert.Equal(reply.Msg.Text, Events<AdminApplied>(shown).Single().Outcome); // the same answer
        Assert.Null(ConsoleRenderer.Received(NodeId.Rm, watcher, watch));
        Assert.Null(ConsoleRenderer.Sent(NodeId.Rm, watcher, reply.Msg)); // the RM's admin line says it already
        Assert.Equal("Received admin 'show view' from ADMIN", ConsoleRenderer.Received(NodeId.Rm, NodeId.Admin, new AdminCommand(AdminOp.ShowView, default, 0)));
    }

    [Fact]
    public void Rm_says_once_that_the_state_is_gone_and_start_fresh_gets_the_cluster_going_again()
    {
        var rm = new Rm(Options with { Replicas = 1 });
        rm.Start(0);
        rm.Receive(1, NodeId.Gfd, new Membership(1, [new ReplicaInc(S1, 1)], [Lfd1]));
        Assert.True(rm.CurrentView.IsReady(S1));
        rm.Receive(2, NodeId.Gfd, new Membership(2, [], [Lfd1])); // S1 killed
        Assert.Single(Events<StateLostNotice>(Drain(rm)));
        rm.Receive(3, NodeId.Gfd, new Membership(3, [new ReplicaInc(S1, 2)], [Lfd1])); // relaunched: waits, not ready
        rm.Tick(2_000_000);
        Assert.Empty(Events<StateLostNotice>(Drain(rm)));
        Assert.False(rm.CurrentView.IsReady(S1));
        rm.Receive(4, NodeId.Admin, new AdminCommand(AdminOp.ShowView, default, 0));
        Assert.Contains("STATE LOST", Events<AdminApplied>(Drain(rm)).Single().Outcome);
        rm.Receive(5, NodeId.Admin, new AdminCommand(AdminOp.StartFresh, default, 0));
        var fresh = Drain(rm);
        Assert.StartsWith("starting fresh: stopping S1", Events<AdminApplied>(fresh).Single().Outcome);
        Assert.Contains(Sends<Stop>(fresh), s => s.Msg.Replica == S1); // S1 #2 started before: it may hold old state
        Assert.Empty(rm.CurrentView.Members);
        rm.Receive(6, NodeId.Gfd, new Membership(4, [], [Lfd1]));
        rm.Receive(7, NodeId.Gfd, new Membership(5, [new ReplicaInc(S1, 3)], [Lfd1])); // started after: begins from scratch
        Assert.True(rm.CurrentView.Contains(S1, 3));
        Assert.True(rm.CurrentView.IsReady(S1));
        Assert.Equal(S1, rm.CurrentView.Leader);
    }

    [Fact]
    public void After_start_fresh_an_old_holder_of_the_state_that_comes_back_is_stopped_never_admitted()
    {
        var rm = new Rm(Options);
        rm.Start(0);
        rm.Receive(1, NodeId.Gfd, new Membership(1, [new ReplicaInc(S1, 1)], [Lfd1]));
        rm.Receive(2, NodeId.Gfd, new Membership(2, [], [])); // S1's machine cut off: the RM cannot tell
        rm.Receive(3, NodeId.Admin, new AdminCommand(AdminOp.StartFresh, default, 0));
        Drain(rm);
        rm.Receive(4, NodeId.Gfd, new Membership(3, [new ReplicaInc(S2, 1)], [Lfd2]));
        Assert.True(rm.CurrentView.IsReady(S2));
        rm.Receive(5, NodeId.Gfd, new Membership(4, [new ReplicaInc(S1, 1), new ReplicaInc(S2, 1)], [Lfd1, Lfd2])); // S1 back with its old state
        Drain(rm);
        Assert.False(rm.CurrentView.Contains(S1, 1));
        rm.Tick(2_000_000);
        Assert.Contains(Sends<Stop>(Drain(rm)), s => s.To == Lfd1 && s.Msg.Replica == S1);
    }

    [Fact]
    public void Kv_shows_an_absent_value_as_none()
    {
        IApplication kv = new KvApp();
        var get = Ops.Get("k3");
        Assert.Equal("<none>", kv.DescribeResult(get, kv.CreateState().Apply(get)));
    }
}
