using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.Messages;

/// <summary>
/// The busiest messages (a request, its reply, an order and its acknowledgement, which every
/// request makes, and an active leader's commit point), reused once delivered instead of made
/// anew. Roles get them here (through their outbox); only a host that knows when a message has
/// been delivered everywhere it went gives one back (<see cref="Return"/>): the simulator does,
/// counting a message's copies in flight.
/// A host that never gives one back gets new messages every time.
/// </summary>
/// <remarks>
/// What makes reuse safe: a role reads a message while it handles it and keeps none of it but
/// values (an entry is copied into the log, a result's bytes are never changed), and the message
/// it sends belongs to its host from then on. Not thread-safe: one pool per host loop.
/// </remarks>
internal sealed class MessagePool
{
    private readonly Stack<ClientRequest> _requests = new();
    private readonly Stack<ClientReply> _replies = new();
    private readonly Stack<Order> _orders = new();
    private readonly Stack<OrderAck> _acks = new();
    private readonly Stack<Commit> _commits = new();
    private readonly Stack<Entry[]> _oneEntry = new();

    /// <summary>True for the kinds this pool reuses.</summary>
    public static bool Reuses(Message m) => m.Kind is MessageKind.ClientRequest or MessageKind.ClientReply or MessageKind.Order or MessageKind.OrderAck or MessageKind.Commit;

    public ClientRequest ClientRequest(NodeId client, long requestNum, Operation op)
    {
        if (!_requests.TryPop(out var m)) return new ClientRequest(client, requestNum, op);
        m.Set(client, requestNum, op);
        return m;
    }

    public ClientReply ClientReply(NodeId client, NodeId replica, long requestNum, OpResult result)
    {
        if (!_replies.TryPop(out var m)) return new ClientReply(client, replica, requestNum, result);
        m.Set(client, replica, requestNum, result);
        return m;
    }

    public Order Order(long view, long firstSeq, Entry[] entries, long commit)
    {
        if (!_orders.TryPop(out var m)) return new Order(view, firstSeq, entries, commit);
        m.Set(view, firstSeq, entries, commit);
        return m;
    }

    public OrderAck OrderAck(long view, long incarnation, long logEnd)
    {
        if (!_acks.TryPop(out var m)) return new OrderAck(view, incarnation, logEnd);
        m.Set(view, incarnation, logEnd);
        return m;
    }

    public Commit Commit(long view, long commitSeq)
    {
        if (!_commits.TryPop(out var m)) return new Commit(view, commitSeq);
        m.Set(view, commitSeq);
        return m;
    }

    /// <summary>An array for <paramref name="count"/> entries of an order; one of one entry (the usual order) may be reused.</summary>
    public Entry[] Entries(int count) => count == 1 && _oneEntry.TryPop(out var one) ? one : new Entry[count];

    /// <summary>
    /// Takes back a message no one holds any more: delivered, dropped or lost everywhere it was sent,
    /// and its handlers done. What it referred to is let go, so the pool keeps nothing else alive.
    /// </summary>
    public void Return(Message m)
    {
        switch (m)
        {
            case ClientRequest r:
                r.Set(default, 0, default);
                _requests.Push(r);
                break;
            case ClientReply r:
                r.Set(default, default, 0, default);
                _replies.Push(r);
                break;
            case Order o:
                // Only the order's own array: one made by Entries for it, never shared with another message.
                if (o.Entries.Length == 1)
                {
                    o.Entries[0] = default;
                    _oneEntry.Push(o.Entries);
                }
                o.Set(0, 0, [], 0);
                _orders.Push(o);
                break;
            case OrderAck a:
                a.Set(0, 0, 0);
                _acks.Push(a);
                break;
            case Commit c:
                c.Set(0, 0);
                _commits.Push(c);
                break;
        }
    }
}
