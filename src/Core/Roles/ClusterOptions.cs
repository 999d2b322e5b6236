using FtCore.Core.Ids;

namespace FtCore.Core.Roles;

/// <summary>Active: every replica executes and replies. Passive: only the primary does; backups take checkpoints.</summary>
public enum ReplicationMode : byte
{
    Active = 0,
    Passive = 1,
}

/// <summary>Ordered: the leader orders, commit before reply. Naive: the simple designs, kept to show the trade-off (docs/design.md).</summary>
public enum ProtocolKind : byte
{
    Ordered = 0,
    Naive = 1,
}

/// <summary>The cluster's shape and timing; every role of one cluster gets the same options.</summary>
public sealed record ClusterOptions
{
    public ReplicationMode Mode { get; init; } = ReplicationMode.Active;
    public ProtocolKind Protocol { get; init; } = ProtocolKind.Ordered;
    /// <summary>The application's name (the first shipped one, the guide's counter, unless the cluster file says otherwise).</summary>
    public string App { get; init; } = FtCore.Core.App.ShippedApps.All.Default.Name;

    /// <summary>Initial number of replicas (S1..Sn); changeable at run time up to <see cref="MaxReplicas"/>.</summary>
    public int Replicas { get; init; } = 3;
    public int MaxReplicas { get; init; } = 3;
    public int Clients { get; init; } = 3;

    /// <summary>Machines, each with one LFD; replica Si runs on machine ((i - 1) mod Machines) + 1.</summary>
    public int Machines { get; init; } = 3;

    public int LfdHeartbeatMs { get; init; } = 100;
    public int LfdTimeoutMs { get; init; } = 300;
    public int GfdHeartbeatMs { get; init; } = 200;
    public int GfdTimeoutMs { get; init; } = 600;
    public int CheckpointFreqMs { get; init; } = 1000;

    /// <summary>The replica the RM prefers as primary/sequencer; default: the first ready one.</summary>
    public NodeId? FirstPrimary { get; init; }
    public bool AutoRecovery { get; init; } = true;

    public int ClientRetryMs { get; init; } = 250;
    public int RetransmitMs { get; init; } = 40;
    /// <summary>A follower that has not acknowledged for this long is reported to the RM.</summary>
    public int AckTimeoutMs { get; init; } = 600;
    public int ViewRepeatMs { get; init; } = 1000;
    public int RelaunchRetryMs { get; init; } = 1000;
    /// <summary>Executed entries a leader keeps in its log for followers that lag.</summary>
    public int LogWindow { get; init; } = 2048;

    public NodeId MachineOf(NodeId replica) => NodeId.Lfd(((replica.Index - 1) % Machines) + 1);

    public int TimeoutRatioPercent => LfdHeartbeatMs > 0 ? LfdTimeoutMs * 100 / LfdHeartbeatMs : 300;
}
