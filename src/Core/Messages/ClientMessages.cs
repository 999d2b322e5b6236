using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.Messages;

/// <summary>&lt;client, replica, request_num, request&gt;: a client request to one replica.</summary>
internal sealed record ClientRequest(NodeId Client, NodeId Replica, long RequestNum, Operation Op) : Message
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
