using FtCore.Core.Ids;

namespace FtCore.Core.Messages;

/// <summary>RM to an LFD: start this replica on your machine (the LFD is the local factory).</summary>
internal sealed record Launch(NodeId Replica) : Message
{
    public override MessageKind Kind => MessageKind.Launch;
}

/// <summary>RM to an LFD: stop this replica (the replica count shrank).</summary>
internal sealed record Stop(NodeId Replica) : Message
{
    public override MessageKind Kind => MessageKind.Stop;
}

/// <summary>What an administrator can change at run time.</summary>
public enum AdminOp : byte
{
    ShowView = 0,
    SetReplicaCount = 1,
    SetLfdHeartbeat = 2,
    SetGfdHeartbeat = 3,
    SetCheckpointFreq = 4,
    SetPrimary = 5,
    SetAutoRecovery = 6,
    LaunchReplica = 7,
    /// <summary>No ready replica is left (the state is gone): start again from the application's initial state.</summary>
    StartFresh = 8,
    /// <summary>
    /// The view, as <see cref="ShowView"/>, for a tool that asks again and again (the lab's watch, a
    /// status pane, the bench): answered without a console line, so the RM's console keeps to what
    /// happens in the cluster.
    /// </summary>
    WatchView = 9,
}

/// <summary>Admin to RM. Target names the LFD or replica where the op needs one; Value is ms, a count or 0/1.</summary>
internal sealed record AdminCommand(AdminOp Op, NodeId Target, long Value) : Message
{
    public override MessageKind Kind => MessageKind.Admin;

    public override string ToString() => Op switch
    {
        AdminOp.ShowView => "show view",
        AdminOp.WatchView => "watch view",
        AdminOp.SetReplicaCount => $"set replicas {Value}",
        AdminOp.SetLfdHeartbeat => $"set heartbeat {Target} {Value}ms",
        AdminOp.SetGfdHeartbeat => $"set gfd-heartbeat {Value}ms",
        AdminOp.SetCheckpointFreq => $"set checkpoint {Value}ms",
        AdminOp.SetPrimary => $"set primary {Target}",
        AdminOp.SetAutoRecovery => $"set recovery {(Value != 0 ? "auto" : "manual")}",
        AdminOp.LaunchReplica => $"launch {Target}",
        AdminOp.StartFresh => "start-fresh",
        _ => $"admin {Op}",
    };
}

/// <summary>RM to LFD or GFD: heartbeat every FreqMs, fail after TimeoutMs without a reply.</summary>
internal sealed record SetHeartbeat(int FreqMs, int TimeoutMs) : Message
{
    public override MessageKind Kind => MessageKind.SetHeartbeat;
}

/// <summary>RM to admin: the answer to a command, as text.</summary>
internal sealed record AdminReply(string Text) : Message
{
    public override MessageKind Kind => MessageKind.AdminReply;
}
