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
    /// <summary>A copy (<c>with</c>) is a new message: it starts with no holds.</summary>
    protected Message(Message original)
    {
    }

    protected Message()
    {
    }

    public abstract MessageKind Kind { get; }

    /// <summary>
    /// How many times a host that reuses messages holds this one (the simulator: once per step that
    /// sent it and once per copy in flight; see <see cref="MessagePool"/>). Bookkeeping, not content:
    /// no part of equality, printing or copying. A live host leaves it at 0.
    /// </summary>
    internal int Holds { get; set; }

    /// <summary>Equal kinds are equal here; each kind compares its own fields (never <see cref="Holds"/>).</summary>
    public virtual bool Equals(Message? other) => ReferenceEquals(this, other) || (other is not null && EqualityContract == other.EqualityContract);

    public override int GetHashCode() => EqualityContract.GetHashCode();
}
