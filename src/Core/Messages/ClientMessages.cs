using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.Messages;

/// <summary>
/// &lt;client, replica, request_num, request&gt;: a client request. The replica is where it goes,
/// which the envelope says (the connection, the simulator's event): one object serves every
/// replica an active client sends it to.
/// </summary>
internal sealed record ClientRequest(NodeId Client, long RequestNum, Operation Op) : Message
{
    public override MessageKind Kind => MessageKind.ClientRequest;
}

/// <summary>&lt;client, replica, request_num, reply&gt;.</summary>
internal sealed record ClientReply(NodeId Client, NodeId Replica, long RequestNum, OpResult Result) : Message
{
    public override MessageKind Kind => MessageKind.ClientReply;
}

/// <summary>A follower hands a client request it received to the leader of its view.</summary>
internal sealed record ForwardRequest(long View, NodeId Client, long RequestNum, Operation Op) : Message
{
    public override MessageKind Kind => MessageKind.ForwardRequest;
}
