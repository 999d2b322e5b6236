using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Sim.Checking;
using FtCore.Tests.Shared;
using Xunit;

namespace FtCore.Sim.Tests.Checking;

/// <summary>The checker's op order and the simulator's history kept as ops.</summary>
public sealed class PairingTests
{
    /// <summary>Ops with invoke times drawn from a few values (many ties), in the order drawn.</summary>
    private static List<CheckedOp> Drawn(int[] times)
    {
        var reqs = new long[4];
        var ops = new List<CheckedOp>();
        for (var i = 0; i < times.Length; i++)
        {
            var client = 1 + (i * 7 % 4);
            ops.Add(new CheckedOp(NodeId.Client(client), 101 + reqs[client - 1]++, Ops.Add(1), Math.Abs(times[i] % 50)));
        }
        return ops;
    }

    [Property(MaxTest = 200)]
    public Property Sorting_by_invoke_gives_time_then_client_then_request_whatever_the_input_order() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 49))), Arb.From(Gen.Elements(false, true)), (times, nearlySorted) =>
        {
            var ops = Drawn(times);
            if (nearlySorted) ops = [.. ops.OrderBy(o => o.InvokeNs)]; // ties in draw order: what a run records
            var expected = ops.OrderBy(o => o.InvokeNs).ThenBy(o => o.Client).ThenBy(o => o.Req).ToList();
            CheckedOp.SortByInvoke(ops);
            Assert.Equal(expected, ops);
            Assert.Equal(Enumerable.Range(0, ops.Count), ops.Select(o => o.Index));
        });

    [Fact]
    public void A_simulated_history_gives_its_events_in_the_order_they_happened_and_pairs_them_as_Pair_does()
    {
        var h = new SimHistory(slots: 3);
        var c1 = NodeId.Client(1);
        var c2 = NodeId.Client(2);
        h.Invoke(1, c1, 101, Ops.Add(1), 1_000);
        h.Invoke(2, c2, 101, Ops.Add(2), 1_000);
        h.Complete(2, 101, Ops.Num(2), 3_000);
        h.Invoke(2, c2, 102, Ops.Add(3), 4_000);
        h.Complete(1, 101, Ops.Num(5), 5_000);
        // c2's 102 never answered: an info op.

        var expected = new List<HistoryEvent>
        {
            new(c1, 101, HistoryType.Invoke, Ops.Add(1), null, 1_000),
            new(c2, 101, HistoryType.Invoke, Ops.Add(2), null, 1_000),
            new(c2, 101, HistoryType.Ok, Ops.Add(2), Ops.Num(2), 3_000),
            new(c2, 102, HistoryType.Invoke, Ops.Add(3), null, 4_000),
            new(c1, 101, HistoryType.Ok, Ops.Add(1), Ops.Num(5), 5_000),
        };
        Assert.Equal(expected, h.ToList());
        Assert.Equal(5, h.Count);

        var paired = CheckedOp.Pair(expected);
        var ops = h.SortedOps([new CheckedOp(c1, 1, default, 0)]); // a list not empty: emptied first
        Assert.Equal(paired.Select(Describe), ops.Select(Describe));
        Assert.Throws<InvalidOperationException>(() => h.Complete(1, 102, Ops.Num(1), 6_000));
        Assert.Throws<InvalidOperationException>(() => h.Invoke(1, c1, 101, Ops.Add(1), 7_000)); // a number used twice
    }

    [Fact]
    public void A_history_longer_than_one_chunk_keeps_every_op_and_event_in_order()
    {
        // 3 clients x 5,000 requests: 15,000 ops and 30,000 events, several chunks of the history's lists.
        const int PerClient = 5_000;
        var h = new SimHistory(slots: 3);
        var expected = new List<HistoryEvent>();
        long t = 0;
        for (var r = 0; r < PerClient; r++)
        {
            for (var slot = 0; slot < 3; slot++)
            {
                var client = NodeId.Client(slot + 1);
                h.Invoke(slot, client, 101 + r, Ops.Add(slot + 1), t);
                expected.Add(new(client, 101 + r, HistoryType.Invoke, Ops.Add(slot + 1), null, t++));
            }
            for (var slot = 2; slot >= 0; slot--)
            {
                h.Complete(slot, 101 + r, Ops.Num(r), t);
                expected.Add(new(NodeId.Client(slot + 1), 101 + r, HistoryType.Ok, Ops.Add(slot + 1), Ops.Num(r), t++));
            }
        }
        Assert.Equal(expected, h.ToList());
        Assert.Equal(2 * 3 * PerClient, h.Count);
        Assert.Equal(expected[^1], h[h.Count - 1]);
        Assert.Equal((6 * (PerClient - 1)) + 1, h.Find(1, 101 + PerClient - 1)!.InvokeNs); // the last round: six events a round, slot 1 invokes second
        Assert.Null(h.Find(1, 101 + PerClient));
        var ops = h.SortedOps([]);
        Assert.Equal(3 * PerClient, ops.Count);
        Assert.Equal(CheckedOp.Pair(expected).Select(Describe), ops.Select(Describe));
    }

    private static string Describe(CheckedOp o) => $"{o.Index} {o.Client} {o.Req} {o.Op} {o.InvokeNs} {o.Outcome} {o.ReturnNs} {o.CompletionType} {o.CompletionResult}";
}
