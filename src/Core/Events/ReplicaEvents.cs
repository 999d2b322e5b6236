using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Events;

/// <summary>A replica process started (incarnation n).</summary>
internal sealed record ReplicaStarted(long Incarnation) : ConsoleEvent;

/// <summary>i_am_ready changed.</summary>
internal sealed record ReadyChanged(bool Ready) : ConsoleEvent;

/// <summary>my_state_Sx = ... before or after processing &lt;client, replica, request_num, request&gt;.</summary>
internal sealed record StateLine(bool Before, string State, NodeId Client, long RequestNum) : ConsoleEvent;

/// <summary>The application could not decode or execute a request: it is answered with the reason and changed nothing.</summary>
internal sealed record RequestRefused(NodeId Client, long RequestNum, string App, string Reason) : ConsoleEvent;

/// <summary>A not-yet-ready replica logged an ordered entry (high_watermark_request_num[client]).</summary>
internal sealed record EntryLogged(NodeId Client, long RequestNum, long HighWatermark) : ConsoleEvent;

/// <summary>A checkpoint was sent (periodic, or as state transfer to a recovering replica).</summary>
internal sealed record CheckpointSent(NodeId To, string State, long CheckpointCount, long Seq, bool StateTransfer) : ConsoleEvent;

/// <summary>A checkpoint was installed; <see cref="Digest"/> is the state digest after it.</summary>
internal sealed record CheckpointInstalled(NodeId From, string State, long CheckpointCount, long Seq, ulong Digest, bool StateTransfer) : ConsoleEvent;

/// <summary>A checkpoint was ignored because it would roll the state back.</summary>
internal sealed record CheckpointIgnored(NodeId From, long Seq, long StateSeq) : ConsoleEvent;

/// <summary>The replica installed a view.</summary>
internal sealed record ViewInstalled(View View, bool Member) : ConsoleEvent;

/// <summary>This replica leads view <see cref="View"/> (primary or sequencer).</summary>
internal sealed record BecameLeader(long View, long LogEnd, long CommitSeq) : ConsoleEvent;

/// <summary>The leader reported a member that stopped acknowledging.</summary>
internal sealed record SuspectReported(NodeId Replica, long View, long WaitedMs) : ConsoleEvent;

/// <summary>A message from an older view (or a dead incarnation) was refused.</summary>
internal sealed record StaleRefused(NodeId From, string What, long TheirView, long MyView) : ConsoleEvent;

/// <summary>A follower synchronised its log with the leader in a new view.</summary>
internal sealed record Synced(long View, long BaseSeq, long LogEnd, long CommitSeq, int Dropped) : ConsoleEvent;
