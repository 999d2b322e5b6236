using FtCore.Core.App;
using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Tests.Shared;
using Xunit;

namespace FtCore.Core.Tests.Roles;

/// <summary>
/// A command the application cannot decode, and one whose Apply throws, are refused alike by an
/// active leader and its follower: each emits one RequestRefused naming the client, the request and
/// the application, answers with the refusal, leaves its state as it was, and goes on executing.
/// </summary>
public sealed class RefusedCommandTests
{
    private static readonly NodeId S1 = NodeId.Replica(1), S2 = NodeId.Replica(2), C1 = NodeId.Client(1);
    private static readonly ClusterOptions Options = new() { Mode = ReplicationMode.Active, Replicas = 2, MaxReplicas = 2 };

    public static TheoryData<string> BadCommands() => new("undecodable", "throws");

    [Theory]
    [MemberData(nameof(BadCommands))]
    public void Leader_and_follower_refuse_a_bad_command_then_execute_the_next(string bad)
    {
        var app = new UnluckyApp();
        var pair = new Pair(app);
        var op = bad == "undecodable" ? new Operation([0xFF, 0x01]) : app.Encode(UnluckyApp.Unlucky);
        var reason = bad == "undecodable"
            ? "unlucky cannot decode the command (2 bytes): "
            : $"unlucky threw InvalidOperationException executing 'add 13': {UnluckyApp.Message}";

        var refused = pair.Request(1, op);

        foreach (var (id, replies) in refused)
        {
            var reply = Assert.Single(replies);
            Assert.Equal(1, reply.RequestNum);
            Assert.True(reply.Result.Refused, $"{id} answered {reply.Result}");
            Assert.StartsWith(reason, reply.Result.Refusal, StringComparison.Ordinal);
            var line = Assert.Single(pair.Lines[id], l => l.StartsWith("Refused ", StringComparison.Ordinal));
            Assert.StartsWith($"Refused <C1, {id}, 1, request> for app unlucky: {reason}", line, StringComparison.Ordinal);
        }

        var next = pair.Request(2, app.Encode(5));
        foreach (var (id, replies) in next)
        {
            var reply = Assert.Single(replies);
            Assert.Equal(5, app.DecodeResult(reply.Result)); // the refused command changed nothing
        }
        Assert.Equal(2, pair.Leader.StateSeq);
        Assert.Equal(2, pair.Follower.StateSeq);
        // Still one refusal line each: the good command after it is not refused.
        Assert.All(pair.Lines.Values, lines => Assert.Single(lines, l => l.StartsWith("Refused ", StringComparison.Ordinal)));
    }

    /// <summary>S1 leading S2 in view 1, with the messages between them delivered at once; what goes to C1 is kept.</summary>
    private sealed class Pair
    {
        private long _now;

        public Pair(IApplication app)
        {
            Leader = new Replica(S1, 1, Options, app);
            Follower = new Replica(S2, 1, Options, app);
            var view = new ViewChange(new View(1, [new ViewMember(S1, 1, true), new ViewMember(S2, 1, true)], S1, 1000));
            foreach (var r in new[] { Leader, Follower })
            {
                r.Start(0);
                r.Receive(++_now, NodeId.Rm, view);
                Lines[r.Id] = [];
            }
            Pump();
            Assert.True(Leader.IsLeader && Follower.IsReady, "the pair did not form");
        }

        public Replica Leader { get; }
        public Replica Follower { get; }
        public Dictionary<NodeId, List<string>> Lines { get; } = [];
        private Dictionary<NodeId, List<ClientReply>> _replies = [];

        /// <summary>C1 sends request <paramref name="num"/> to both (active mode); the replies each sent.</summary>
        public Dictionary<NodeId, List<ClientReply>> Request(long num, Operation op)
        {
            _replies = new() { [S1] = [], [S2] = [] };
            Leader.Receive(++_now, C1, new ClientRequest(C1, num, op));
            Follower.Receive(++_now, C1, new ClientRequest(C1, num, op));
            Pump();
            return _replies;
        }

        private void Pump()
        {
            for (var round = 0; round < 100; round++)
            {
                var moved = false;
                foreach (var r in new[] { Leader, Follower })
                {
                    foreach (var e in RoleHarness.Drain(r))
                    {
                        if (e.Kind == EffectKind.Emit && ConsoleRenderer.Render(r.Id, e.Event!) is { } line) Lines[r.Id].Add(line);
                        if (e.Kind != EffectKind.Send) continue;
                        if (e.Message is ClientReply reply && e.Target == C1)
                        {
                            _replies.GetValueOrDefault(r.Id)?.Add(reply);
                        }
                        else if (e.Target == S1 || e.Target == S2)
                        {
                            (e.Target == S1 ? Leader : Follower).Receive(++_now, r.Id, e.Message!);
                            moved = true;
                        }
                    }
                }
                if (!moved) return;
            }
            throw new InvalidOperationException("the replicas kept sending to each other for 100 rounds");
        }
    }
}
