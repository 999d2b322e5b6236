using FtCore.Core.Ids;

namespace FtCore.Core.Events;

/// <summary>LFD: after the first heartbeat reply, "LFDx: add replica Sy".</summary>
public sealed record ReplicaAdded(NodeId Lfd, NodeId Replica, long Incarnation) : ConsoleEvent;

/// <summary>LFD: "LFDx: heartbeat to Sy failed (no reply in N ms)".</summary>
public sealed record HeartbeatFailed(NodeId Lfd, NodeId Replica, long Incarnation, int TimeoutMs) : ConsoleEvent;

/// <summary>LFD: "LFDx: delete replica Sy".</summary>
public sealed record ReplicaDeleted(NodeId Lfd, NodeId Replica, long Incarnation) : ConsoleEvent;

/// <summary>LFD: launching a replica process on the RM's request.</summary>
public sealed record LaunchingReplica(NodeId Lfd, NodeId Replica) : ConsoleEvent;

/// <summary>LFD: stopping a replica process on the RM's request.</summary>
public sealed record StoppingReplica(NodeId Lfd, NodeId Replica) : ConsoleEvent;

/// <summary>A heartbeat frequency changed at run time.</summary>
public sealed record HeartbeatFreqChanged(NodeId Who, int FreqMs, int TimeoutMs) : ConsoleEvent;

/// <summary>GFD: "GFD: 2 members: S1, S3".</summary>
public sealed record GfdMembers(NodeId[] Members) : ConsoleEvent;

/// <summary>GFD: an LFD registered, or its heartbeat timed out (its machine is gone).</summary>
public sealed record LfdChanged(NodeId Lfd, bool Alive, int TimeoutMs) : ConsoleEvent;
