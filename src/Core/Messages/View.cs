using FtCore.Core.Ids;

namespace FtCore.Core.Messages;

/// <summary>A member of a view: which start of which replica, and whether it is ready (i_am_ready = 1).</summary>
internal readonly record struct ViewMember(NodeId Replica, long Incarnation, bool Ready)
{
    public ReplicaInc Id => new(Replica, Incarnation);
}

/// <summary>
/// The RM's view: a number that only grows, the members in join order, and the leader (the
/// primary in passive mode, the sequencer in active mode). Also carries the run-time
/// checkpoint frequency, so a change reaches every replica with the next view.
/// </summary>
internal sealed record View(long Number, ViewMember[] Members, NodeId Leader, int CheckpointFreqMs)
{
    public static readonly View Empty = new(0, [], default, 0);

    public bool HasLeader => Leader.Kind == NodeKind.Replica;

    public int IndexOf(NodeId replica)
    {
        for (var i = 0; i < Members.Length; i++)
        {
            if (Members[i].Replica == replica) return i;
        }
        return -1;
    }

    public bool Contains(NodeId replica, long incarnation)
    {
        var i = IndexOf(replica);
        return i >= 0 && Members[i].Incarnation == incarnation;
    }

    public long IncarnationOf(NodeId replica)
    {
        var i = IndexOf(replica);
        return i >= 0 ? Members[i].Incarnation : -1;
    }

    public bool IsReady(NodeId replica)
    {
        var i = IndexOf(replica);
        return i >= 0 && Members[i].Ready;
    }

    public bool Equivalent(View other) =>
        Number == other.Number && Leader == other.Leader && CheckpointFreqMs == other.CheckpointFreqMs
        && Members.AsSpan().SequenceEqual(other.Members);
}

/// <summary>RM to every replica and client: the current view (sent on change and repeated).</summary>
internal sealed record ViewChange(View View) : Message
{
    public override MessageKind Kind => MessageKind.ViewChange;
}

/// <summary>Replica to RM: i_am_ready = 1 in this view (recovery finished).</summary>
internal sealed record ReadyNotice(long View, long Incarnation) : Message
{
    public override MessageKind Kind => MessageKind.ReadyNotice;
}

/// <summary>Leader to RM: this member stopped acknowledging; remove it from the view.</summary>
internal sealed record Suspect(long View, NodeId Replica, long Incarnation) : Message
{
    public override MessageKind Kind => MessageKind.Suspect;
}

/// <summary>A starting client to the RM: send me the current view now, rather than at the next repeat.</summary>
internal sealed record ViewQuery : Message
{
    public override MessageKind Kind => MessageKind.ViewQuery;
}
