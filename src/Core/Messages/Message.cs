namespace FtCore.Core.Messages;

/// <summary>
/// Every wire message kind, with a stable byte value used by the codec. Never renumber.
/// </summary>
internal enum MessageKind : byte
{
    ClientRequest = 1,
    ClientReply = 2,
    ForwardRequest = 3,
    Register = 10,
    Heartbeat = 11,
    HeartbeatAck = 12,
    GfdHeartbeat = 13,
    LfdStatus = 14,
    Membership = 15,
    ViewChange = 20,
    ReadyNotice = 21,
    Suspect = 22,
    ViewQuery = 23,
    Order = 30,
    OrderAck = 31,
    Commit = 32,
    SyncRequest = 33,
    Sync = 34,
    Checkpoint = 35,
    Launch = 40,
    Stop = 41,
    Admin = 50,
    SetHeartbeat = 51,
    AdminReply = 52,
    Hello = 60,
    LinkReport = 70,
    SetSlow = 71,
}

/// <summary>Base of every message. The sender is known to the host (connection or simulator), not carried here.</summary>
internal abstract record Message
{
    public abstract MessageKind Kind { get; }
}
