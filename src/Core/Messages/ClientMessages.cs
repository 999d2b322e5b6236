using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.Messages;

/// <summary>
/// &lt;client, replica, request_num, request&gt;: a client request. The replica is where it goes,
/// which the envelope says (the connection, the simulator's event): one object serves every
/// replica an active client sends it to.
/// </summary>
/// <remarks>Reused by a <see cref="MessagePool"/> once delivered.</remarks>
internal sealed record ClientRequest : Message
{
    public ClientRequest(NodeId client, long requestNum, Operation op) => Set(client, requestNum, op);

    public NodeId Client { get; private set; }

    public long RequestNum { get; private set; }

    public Operation Op { get; private set; }

    public override MessageKind Kind => MessageKind.ClientRequest;

    internal void Set(NodeId client, long requestNum, Operation op)
    {
        Client = client;
        RequestNum = requestNum;
        Op = op;
    }
}

/// <summary>&lt;client, replica, request_num, reply&gt;. Reused by a <see cref="MessagePool"/> once delivered.</summary>
internal sealed record ClientReply : Message
{
    public ClientReply(NodeId client, NodeId replica, long requestNum, OpResult result) => Set(client, replica, requestNum, result);

    public NodeId Client { get; private set; }

    public NodeId Replica { get; private set; }

    public long RequestNum { get; private set; }

    public OpResult Result { get; private set; }

    public override MessageKind Kind => MessageKind.ClientReply;

    internal void Set(NodeId client, NodeId replica, long requestNum, OpResult result)
    {
        Client = client;
        Replica = replica;
        RequestNum = requestNum;
        Result = result;
    }
}

/// <summary>A follower hands a client request it received to the leader of its view.</summary>
internal sealed record ForwardRequest(long View, NodeId Client, long RequestNum, Operation Op) : Message
{
    public override MessageKind Kind => MessageKind.ForwardRequest;
}
