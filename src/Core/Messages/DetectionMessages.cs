using FtCore.Core.Ids;

namespace FtCore.Core.Messages;

/// <summary>A replica registers with its machine's LFD when it starts.</summary>
internal sealed record Register(long Incarnation) : Message
{
    public override MessageKind Kind => MessageKind.Register;
}

/// <summary>LFD to replica: heartbeat number <see cref="Count"/> (the guide's heartbeat_count).</summary>
internal sealed record Heartbeat(long Count) : Message
{
    public override MessageKind Kind => MessageKind.Heartbeat;
}

/// <summary>Replica to LFD: the reply to heartbeat <see cref="Count"/>.</summary>
internal sealed record HeartbeatAck(long Count, long Incarnation) : Message
{
    public override MessageKind Kind => MessageKind.HeartbeatAck;
}

/// <summary>GFD to LFD heartbeat.</summary>
internal sealed record GfdHeartbeat(long Count) : Message
{
    public override MessageKind Kind => MessageKind.GfdHeartbeat;
}

/// <summary>
/// LFD to GFD: the LFD's whole local membership (state-based: a lost one is repaired by the next).
/// Sent as the reply to GFD heartbeat <see cref="Count"/> and, with <see cref="Count"/> 0, on every change.
/// </summary>
internal sealed record LfdStatus(long Count, ReplicaInc[] Members) : Message
{
    public override MessageKind Kind => MessageKind.LfdStatus;
}

/// <summary>GFD to RM: the live replicas and live LFDs (state-based, repeated).</summary>
internal sealed record Membership(long Version, ReplicaInc[] Members, NodeId[] Lfds) : Message
{
    public override MessageKind Kind => MessageKind.Membership;
}
