using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.Events;

/// <summary>The client invoked request <see cref="RequestNum"/> (a history "invoke").</summary>
public sealed record RequestInvoked(long RequestNum, Operation Op) : ConsoleEvent;

/// <summary>The first reply to a request: accepted (a history "ok").</summary>
public sealed record ReplyAccepted(long RequestNum, Operation Op, NodeId Replica, OpResult Result) : ConsoleEvent;

/// <summary>A later reply to an answered request. <see cref="Differs"/>: its content is not the accepted one (a consistency bug).</summary>
public sealed record DuplicateReplyDiscarded(long RequestNum, NodeId Replica, bool Differs, OpResult Result, OpResult Accepted) : ConsoleEvent;

/// <summary>The client retransmits an unanswered request.</summary>
public sealed record RequestRetransmitted(long RequestNum, int Attempt) : ConsoleEvent;
