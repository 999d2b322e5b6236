using FtCore.Core.Ids;

namespace FtCore.Core.Events;

/// <summary>LFD: after the first heartbeat reply, "LFDx: add replica Sy".</summary>
internal sealed record ReplicaAdded(NodeId Lfd, NodeId Replica, long Incarnation) : ConsoleEvent;

/// <summary>LFD: "LFDx: heartbeat to Sy failed (no reply in N ms)".</summary>
internal sealed record HeartbeatFailed(NodeId Lfd, NodeId Replica, long Incarnation, int TimeoutMs) : ConsoleEvent;

/// <summary>
/// LFD: the process of a replica it launched has exited, so no heartbeat can reach it: declared
/// failed at once instead of after the timeout ("LFDx: heartbeat to Sy failed (its process exited)").
/// </summary>
internal sealed record ReplicaExited(NodeId Lfd, NodeId Replica, long Incarnation) : ConsoleEvent;

/// <summary>LFD: "LFDx: delete replica Sy".</summary>
internal sealed record ReplicaDeleted(NodeId Lfd, NodeId Replica, long Incarnation) : ConsoleEvent;

/// <summary>LFD: launching a replica process on the RM's request.</summary>
internal sealed record LaunchingReplica(NodeId Lfd, NodeId Replica) : ConsoleEvent;

/// <summary>LFD: stopping a replica process on the RM's request.</summary>
internal sealed record StoppingReplica(NodeId Lfd, NodeId Replica) : ConsoleEvent;

/// <summary>A heartbeat frequency changed at run time.</summary>
internal sealed record HeartbeatFreqChanged(NodeId Who, int FreqMs, int TimeoutMs) : ConsoleEvent;

/// <summary>GFD: "GFD: 2 members: S1, S3".</summary>
internal sealed record GfdMembers(NodeId[] Members) : ConsoleEvent;

/// <summary>GFD: an LFD registered, or its heartbeat timed out (its machine is gone).</summary>
internal sealed record LfdChanged(NodeId Lfd, bool Alive, int TimeoutMs) : ConsoleEvent;
