using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.Messages;

/// <summary>One ordered log entry: a client request.</summary>
internal readonly record struct Entry(NodeId Client, long RequestNum, Operation Op);

/// <summary>One row of the replicated per-client table: the last executed request and its reply.</summary>
internal readonly record struct ClientRecord(NodeId Client, long RequestNum, OpResult Reply);

/// <summary>
/// A checkpoint: the application state after executing every entry up to <see cref="Seq"/>,
/// the guide's checkpoint_count, and the per-client reply table.
/// </summary>
internal sealed record CheckpointData(long Seq, long CheckpointCount, byte[] AppState, ClientRecord[] Table);

/// <summary>
/// Leader to follower: entries FirstSeq.. in this view, and the leader's commit point. Reused by a
/// <see cref="MessagePool"/> once delivered (its fields are set only there and here).
/// </summary>
internal sealed record Order : Message
{
    public Order(long view, long firstSeq, Entry[] entries, long commit) => Set(view, firstSeq, entries, commit);

    public long View { get; private set; }

    public long FirstSeq { get; private set; }

    public Entry[] Entries { get; private set; } = [];

    public long Commit { get; private set; }

    public override MessageKind Kind => MessageKind.Order;

    internal void Set(long view, long firstSeq, Entry[] entries, long commit)
    {
        View = view;
        FirstSeq = firstSeq;
        Entries = entries;
        Commit = commit;
    }
}

/// <summary>
/// Follower to leader: my log is contiguous and matches yours up to LogEnd in this view. Reused by
/// a <see cref="MessagePool"/> once delivered.
/// </summary>
internal sealed record OrderAck : Message
{
    public OrderAck(long view, long incarnation, long logEnd) => Set(view, incarnation, logEnd);

    public long View { get; private set; }

    public long Incarnation { get; private set; }

    public long LogEnd { get; private set; }

    public override MessageKind Kind => MessageKind.OrderAck;

    internal void Set(long view, long incarnation, long logEnd)
    {
        View = view;
        Incarnation = incarnation;
        LogEnd = logEnd;
    }
}

/// <summary>Leader to follower: everything up to Commit is committed. Reused by a <see cref="MessagePool"/> once delivered.</summary>
internal sealed record Commit : Message
{
    public Commit(long view, long commitSeq) => Set(view, commitSeq);

    public long View { get; private set; }

    public long CommitSeq { get; private set; }

    public override MessageKind Kind => MessageKind.Commit;

    internal void Set(long view, long commitSeq)
    {
        View = view;
        CommitSeq = commitSeq;
    }
}

/// <summary>Follower to leader, once per view until answered: what I hold, and whether I need state.</summary>
internal sealed record SyncRequest(long View, long Incarnation, long CommitSeq, bool NeedState) : Message
{
    public override MessageKind Kind => MessageKind.SyncRequest;
}

/// <summary>
/// Leader to follower: makes the leader's log the follower's log in this view. The follower keeps
/// its entries up to BaseSeq (or installs <see cref="State"/>, which covers up to State.Seq = BaseSeq),
/// drops everything after, and appends <see cref="Entries"/> from BaseSeq + 1.
/// </summary>
internal sealed record Sync(long View, CheckpointData? State, long BaseSeq, Entry[] Entries, long CommitSeq) : Message
{
    public override MessageKind Kind => MessageKind.Sync;
}

/// <summary>Primary to backups: the periodic checkpoint.</summary>
internal sealed record Checkpoint(long View, CheckpointData Data) : Message
{
    public override MessageKind Kind => MessageKind.Checkpoint;
}
