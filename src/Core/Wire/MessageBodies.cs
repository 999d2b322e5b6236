using FtCore.Core.Messages;

namespace FtCore.Core.Wire;

/// <summary>
/// The body of every message kind: fields in declaration order. <see cref="Write"/> and
/// <see cref="Read"/> list the kinds in the same order; keep them in step.
/// </summary>
internal static class MessageBodies
{
    public static void Write(ref SpanWriter w, Message message)
    {
        switch (message)
        {
            // Client traffic.
            case ClientRequest m:
                w.Write(m.Client);
                w.WriteInt64(m.RequestNum);
                w.Write(m.Op);
                break;
            case ClientReply m:
                w.Write(m.Client);
                w.Write(m.Replica);
                w.WriteInt64(m.RequestNum);
                w.Write(m.Result);
                break;
            case ForwardRequest m:
                w.WriteInt64(m.View);
                w.Write(m.Client);
                w.WriteInt64(m.RequestNum);
                w.Write(m.Op);
                break;

            // Failure detection.
            case Register m:
                w.WriteInt64(m.Incarnation);
                break;
            case Heartbeat m:
                w.WriteInt64(m.Count);
                break;
            case HeartbeatAck m:
                w.WriteInt64(m.Count);
                w.WriteInt64(m.Incarnation);
                break;
            case GfdHeartbeat m:
                w.WriteInt64(m.Count);
                break;
            case LfdStatus m:
                w.WriteInt64(m.Count);
                w.Write(m.Members, "LfdStatus.Members");
                break;
            case Membership m:
                w.WriteInt64(m.Version);
                w.Write(m.Members, "Membership.Members");
                w.Write(m.Lfds, "Membership.Lfds");
                break;

            // Views.
            case ViewChange m:
                w.Write(m.View, "ViewChange.View");
                break;
            case ViewQuery:
                break;
            case ReadyNotice m:
                w.WriteInt64(m.View);
                w.WriteInt64(m.Incarnation);
                break;
            case Suspect m:
                w.WriteInt64(m.View);
                w.Write(m.Replica);
                w.WriteInt64(m.Incarnation);
                break;

            // Replication.
            case Order m:
                w.WriteInt64(m.View);
                w.WriteInt64(m.FirstSeq);
                w.Write(m.Entries, "Order.Entries");
                w.WriteInt64(m.Commit);
                break;
            case OrderAck m:
                w.WriteInt64(m.View);
                w.WriteInt64(m.Incarnation);
                w.WriteInt64(m.LogEnd);
                break;
            case Commit m:
                w.WriteInt64(m.View);
                w.WriteInt64(m.CommitSeq);
                break;
            case SyncRequest m:
                w.WriteInt64(m.View);
                w.WriteInt64(m.Incarnation);
                w.WriteInt64(m.CommitSeq);
                w.WriteBool(m.NeedState);
                break;
            case Sync m:
                w.WriteInt64(m.View);
                w.WriteNullable(m.State, "Sync.State");
                w.WriteInt64(m.BaseSeq);
                w.Write(m.Entries, "Sync.Entries");
                w.WriteInt64(m.CommitSeq);
                break;
            case Checkpoint m:
                w.WriteInt64(m.View);
                w.Write(m.Data, "Checkpoint.Data");
                break;

            // Control.
            case Launch m:
                w.Write(m.Replica);
                break;
            case Stop m:
                w.Write(m.Replica);
                break;
            case AdminCommand m:
                if (!Enum.IsDefined(m.Op)) throw new ArgumentException($"admin command with undefined op {(byte)m.Op} cannot be encoded", nameof(message));
                w.WriteByte((byte)m.Op);
                w.Write(m.Target);
                w.WriteInt64(m.Value);
                break;
            case SetHeartbeat m:
                w.WriteInt32(m.FreqMs);
                w.WriteInt32(m.TimeoutMs);
                break;
            case AdminReply m:
                w.WriteString(m.Text, "AdminReply.Text");
                break;

            // Transport.
            case Hello m:
                w.Write(m.From);
                break;

            // Fail-slow.
            case LinkReport m:
                w.Write(m.Links, "LinkReport.Links");
                break;
            case SetSlow m:
                w.WriteInt64(m.DelayUs);
                w.WriteBool(m.Cpu);
                break;

            default:
                throw new ArgumentException($"no wire encoding for message type {message.GetType().Name}", nameof(message));
        }
    }

    /// <summary>Reads the body of a message of <paramref name="kind"/>, which must be a defined kind.</summary>
    public static Message Read(ref SpanReader r, MessageKind kind) => kind switch
    {
        MessageKind.ClientRequest => new ClientRequest(r.ReadNodeId(), r.ReadInt64(), r.ReadOperation()),
        MessageKind.ClientReply => new ClientReply(r.ReadNodeId(), r.ReadNodeId(), r.ReadInt64(), r.ReadOpResult()),
        MessageKind.ForwardRequest => new ForwardRequest(r.ReadInt64(), r.ReadNodeId(), r.ReadInt64(), r.ReadOperation()),

        MessageKind.Register => new Register(r.ReadInt64()),
        MessageKind.Heartbeat => new Heartbeat(r.ReadInt64()),
        MessageKind.HeartbeatAck => new HeartbeatAck(r.ReadInt64(), r.ReadInt64()),
        MessageKind.GfdHeartbeat => new GfdHeartbeat(r.ReadInt64()),
        MessageKind.LfdStatus => new LfdStatus(r.ReadInt64(), r.ReadReplicaIncs("LfdStatus.Members")),
        MessageKind.Membership => new Membership(r.ReadInt64(), r.ReadReplicaIncs("Membership.Members"), r.ReadNodeIds("Membership.Lfds")),

        MessageKind.ViewChange => new ViewChange(r.ReadView()),
        MessageKind.ViewQuery => new ViewQuery(),
        MessageKind.ReadyNotice => new ReadyNotice(r.ReadInt64(), r.ReadInt64()),
        MessageKind.Suspect => new Suspect(r.ReadInt64(), r.ReadNodeId(), r.ReadInt64()),

        MessageKind.Order => new Order(r.ReadInt64(), r.ReadInt64(), r.ReadEntries("Order.Entries"), r.ReadInt64()),
        MessageKind.OrderAck => new OrderAck(r.ReadInt64(), r.ReadInt64(), r.ReadInt64()),
        MessageKind.Commit => new Commit(r.ReadInt64(), r.ReadInt64()),
        MessageKind.SyncRequest => new SyncRequest(r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadBool()),
        MessageKind.Sync => new Sync(r.ReadInt64(), r.ReadNullableCheckpointData(), r.ReadInt64(), r.ReadEntries("Sync.Entries"), r.ReadInt64()),
        MessageKind.Checkpoint => new Checkpoint(r.ReadInt64(), r.ReadCheckpointData()),

        MessageKind.Launch => new Launch(r.ReadNodeId()),
        MessageKind.Stop => new Stop(r.ReadNodeId()),
        MessageKind.Admin => new AdminCommand(ReadAdminOp(ref r), r.ReadNodeId(), r.ReadInt64()),
        MessageKind.SetHeartbeat => new SetHeartbeat(r.ReadInt32(), r.ReadInt32()),
        MessageKind.AdminReply => new AdminReply(r.ReadString("AdminReply.Text")),

        MessageKind.Hello => new Hello(r.ReadNodeId()),

        MessageKind.LinkReport => new LinkReport(r.ReadLinkStats("LinkReport.Links")),
        MessageKind.SetSlow => new SetSlow(r.ReadInt64(), r.ReadBool()),

        _ => throw new DecodeException($"unknown message kind {(byte)kind}"),
    };

    private static AdminOp ReadAdminOp(ref SpanReader r)
    {
        var at = r.Position;
        var op = (AdminOp)r.ReadByte();
        return Enum.IsDefined(op) ? op : throw r.Invalid($"unknown AdminOp {(byte)op}", at);
    }
}
