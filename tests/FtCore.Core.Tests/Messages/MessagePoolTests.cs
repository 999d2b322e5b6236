using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Tests.Shared;
using Xunit;

namespace FtCore.Core.Tests.Messages;

/// <summary>The pool the simulator gives delivered messages back to.</summary>
public sealed class MessagePoolTests
{
    [Fact]
    public void A_pool_nobody_gives_back_to_makes_a_new_message_every_time()
    {
        var pool = new MessagePool();
        var a = pool.OrderAck(1, 2, 3);
        var b = pool.OrderAck(1, 2, 3);
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.NotSame(pool.Entries(1), pool.Entries(1));
    }

    [Fact]
    public void A_hold_count_is_bookkeeping_not_content()
    {
        var a = new OrderAck(1, 2, 3) { Holds = 2 };
        var b = new OrderAck(1, 2, 3);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(b.ToString(), a.ToString());
        Assert.NotEqual(new OrderAck(1, 2, 4), a);
        Assert.NotEqual<Message>(new Commit(1, 2), new Commit(1, 3));
        Assert.NotEqual<Message>(new OrderAck(1, 2, 3), new Commit(1, 2));
        var copy = a with { };
        Assert.Equal(0, copy.Holds);
        Assert.Equal(a, copy);
    }

    [Fact]
    public void A_message_given_back_comes_again_with_the_new_values_only()
    {
        var pool = new MessagePool();
        var c1 = NodeId.Client(1);
        var request = pool.ClientRequest(c1, 101, Ops.Add(1));
        var reply = pool.ClientReply(c1, NodeId.Replica(2), 101, Ops.Num(5));
        var entries = pool.Entries(1);
        entries[0] = new Entry(c1, 101, Ops.Add(1));
        var order = pool.Order(4, 7, entries, 6);
        var ack = pool.OrderAck(4, 1, 7);
        var commit = pool.Commit(4, 6);
        foreach (Message m in new Message[] { request, reply, order, ack, commit }) pool.Return(m);

        Assert.Same(request, pool.ClientRequest(NodeId.Client(2), 102, Ops.Add(2)));
        Assert.Equal(new ClientRequest(NodeId.Client(2), 102, Ops.Add(2)), request);
        Assert.Same(reply, pool.ClientReply(NodeId.Client(2), NodeId.Replica(1), 102, Ops.Num(7)));
        Assert.Equal(new ClientReply(NodeId.Client(2), NodeId.Replica(1), 102, Ops.Num(7)), reply);
        Assert.Same(ack, pool.OrderAck(5, 2, 9));
        Assert.Equal(new OrderAck(5, 2, 9), ack);
        Assert.Same(commit, pool.Commit(5, 8));
        Assert.Equal(new Commit(5, 8), commit);

        // The order's one-entry array is given back with it, emptied.
        var again = pool.Entries(1);
        Assert.Same(entries, again);
        Assert.Equal(default, again[0]);
        Assert.Same(order, pool.Order(5, 8, again, 7));
        Assert.Equal((5L, 8L, 7L), (order.View, order.FirstSeq, order.Commit));
        Assert.Same(again, order.Entries);
    }

    [Fact]
    public void Only_the_busiest_kinds_are_reused()
    {
        Assert.True(MessagePool.Reuses(new OrderAck(1, 1, 1)));
        Assert.True(MessagePool.Reuses(new Commit(1, 1)));
        Assert.False(MessagePool.Reuses(new SyncRequest(1, 1, 0, false)));
        Assert.False(MessagePool.Reuses(new Heartbeat(1)));
    }
}
