using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.Events;

/// <summary>
/// A later reply to an answered request. <see cref="Differs"/>: its content is not the accepted one (a
/// consistency bug). <see cref="Op"/> is the request's operation.
/// </summary>
internal sealed record DuplicateReplyDiscarded(long RequestNum, NodeId Replica, bool Differs, OpResult Result, OpResult Accepted, Operation Op, IApplication App) : ConsoleEvent;

/// <summary>The client retransmits an unanswered request.</summary>
internal sealed record RequestRetransmitted(long RequestNum, int Attempt) : ConsoleEvent;
