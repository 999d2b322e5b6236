using System.Diagnostics;
using FtCore.Core.App;
using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Core.Wire;
using FtCore.Sim;

namespace FtCore.Demo.Live;

/// <summary>
/// Before a replica process joins its cluster, runs its code once in memory: two replicas of its
/// mode and application, fed by hand-made views, order and execute a few hundred requests, lose
/// their leader, promote and replay, take a relaunched member through state transfer, every
/// message encoded and decoded on the way and every console line rendered. No message leaves the
/// process (the application's own code runs as it is: one that writes files or prints would do so
/// here too; FTCORE_WARMUP=0 skips the drill). Why: .NET compiles a method at its first call, and a backup runs some paths for the
/// first time at the worst moment, when it is promoted (installing the view, replaying its log,
/// executing, answering), and a relaunched replica when it rejoins. Measured on a 2-core VM,
/// those first calls held a new primary's loop for 10-20 ms of a failover.
/// </summary>
internal static class ReplicaWarmup
{
    /// <summary>Set to 0 to skip it (to measure what it saves).</summary>
    public const string Variable = "FTCORE_WARMUP";

    private const int MaxSteps = 100_000;

    /// <summary>
    /// Runs the drill, or nothing when <see cref="Variable"/> is 0 (then null). Never throws for the
    /// application's sake: a failure only ends the drill early, and the result says why.
    /// </summary>
    public static WarmupResult? Run(ClusterOptions options, IApplication app)
    {
        if (Environment.GetEnvironmentVariable(Variable) == "0") return null;
        var sw = Stopwatch.StartNew();
        var drill = new Drill(options, app);
        try
        {
            drill.Run();
            return new WarmupResult(sw.Elapsed, drill.Caught, drill.Describe(), null);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            // Only a warm-up: the real replica reports whatever is wrong when it meets it.
            return new WarmupResult(sw.Elapsed, false, drill.Describe(), $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>How long the drill took; whether its relaunched replica caught up with the leader (every path ran), and where each replica ended; why it stopped early, if it did.</summary>
    public sealed record WarmupResult(TimeSpan Took, bool CaughtUp, string Replicas, string? Failure);

    private sealed class Drill(ClusterOptions options, IApplication app)
    {
        private readonly Dictionary<NodeId, Replica> _replicas = [];
        private readonly Queue<(NodeId From, NodeId To, Message Message)> _inFlight = new();
        private readonly Prng _random = new(1);
        private long _nowUs;
        private long _requestNum = 100;
        private int _steps;

        /// <summary>
        /// The relaunched replica ended ready with the promoted leader's log; in active mode it also
        /// executed all of it, in passive mode it installed a checkpoint (backups do not execute).
        /// </summary>
        public bool Caught =>
            _replicas.TryGetValue(NodeId.Replica(1), out var s1) && _replicas.TryGetValue(NodeId.Replica(2), out var s2)
            && s1.IsReady && s2.IsLeader && s2.StateSeq > 0 && s1.LogEnd == s2.LogEnd
            && (options.Mode == ReplicationMode.Active ? s1.StateSeq == s2.StateSeq : s1.CheckpointCount > 0);

        public string Describe() =>
            string.Join("; ", _replicas.OrderBy(x => x.Key).Select(x => $"{x.Key} ready {x.Value.IsReady} leader {x.Value.IsLeader} state {x.Value.StateSeq} commit {x.Value.CommitSeq} log end {x.Value.LogEnd} checkpoints {x.Value.CheckpointCount}"));

        public void Run()
        {
            var s1 = NodeId.Replica(1);
            var s2 = NodeId.Replica(2);
            Start(s1, 1);
            Start(s2, 1);
            Install(1, [new ViewMember(s1, 1, true), new ViewMember(s2, 1, true)], s1);
            Requests(120);
            // The leader dies: the other one is promoted and replays its log after the last checkpoint.
            _replicas.Remove(s1);
            Install(2, [new ViewMember(s2, 1, true)], s2);
            Requests(60);
            // It is relaunched: it joins not ready, takes a checkpoint, catches up, becomes ready.
            Start(s1, 2);
            Install(3, [new ViewMember(s2, 1, true), new ViewMember(s1, 2, false)], s2);
            Requests(60);
            Install(4, [new ViewMember(s2, 1, true), new ViewMember(s1, 2, true)], s2);
            Requests(60);
        }

        private void Start(NodeId id, long incarnation)
        {
            var r = new Replica(id, incarnation, options, app);
            r.Out.Digests = false;
            _replicas[id] = r;
            r.Start(_nowUs);
            Drain(r);
        }

        private void Install(long number, ViewMember[] members, NodeId leader)
        {
            var view = new View(number, members, leader, options.CheckpointFreqMs);
            foreach (var m in members) Deliver(NodeId.Rm, m.Replica, new ViewChange(view));
            Pump();
        }

        /// <summary>Three clients' requests, a few milliseconds apart, so checkpoints fall due among them.</summary>
        private void Requests(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var client = NodeId.Client(1 + (i % 3));
                if (i % 3 == 0) _requestNum++;
                var op = app.NextOperation(_random);
                foreach (var (id, r) in _replicas.OrderBy(x => x.Key))
                {
                    if (options.Mode == ReplicationMode.Active || r.IsLeader) Deliver(client, id, new ClientRequest(client, _requestNum, op));
                }
                _nowUs += Math.Max(1_000, options.CheckpointFreqMs * 1000L / 20);
                foreach (var (_, r) in _replicas.OrderBy(x => x.Key))
                {
                    if (r.NextWakeupUs <= _nowUs)
                    {
                        r.Tick(_nowUs);
                        Drain(r);
                    }
                }
                Pump();
            }
        }

        private void Deliver(NodeId from, NodeId to, Message message)
        {
            if (!_replicas.TryGetValue(to, out var r)) return;
            // The wire's way: encoded, decoded, printed as the console would.
            var frame = MessageCodec.Encode(message);
            var decoded = MessageCodec.Decode(frame.AsSpan(WireFormat.LengthPrefixBytes));
            _ = ConsoleRenderer.Received(to, from, decoded);
            r.Receive(_nowUs, from, decoded);
            Drain(r);
        }

        private void Drain(Replica r)
        {
            r.Flush();
            foreach (var e in r.Out.Items)
            {
                switch (e.Kind)
                {
                    case EffectKind.Send:
                        _ = ConsoleRenderer.Sent(r.Id, e.Target, e.Message!);
                        if (_replicas.ContainsKey(e.Target)) _inFlight.Enqueue((r.Id, e.Target, e.Message!));
                        else _ = MessageCodec.Encode(e.Message!);
                        break;
                    case EffectKind.Emit:
                        _ = ConsoleRenderer.Render(r.Id, e.Event!);
                        break;
                }
            }
            r.Out.Clear();
        }

        private void Pump()
        {
            while (_inFlight.TryDequeue(out var m) && ++_steps < MaxSteps)
            {
                _nowUs += 50;
                Deliver(m.From, m.To, m.Message);
            }
        }
    }
}
