using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;

namespace FtCore.Core.Events;

/// <summary>RM: "RM: 2 members: S1, S3" (the guide's membership line).</summary>
internal sealed record RmMembers(NodeId[] Members) : ConsoleEvent;

/// <summary>RM: "RM: view 4: primary S3, members S1, S3".</summary>
internal sealed record RmViewChanged(View View, ReplicationMode Mode) : ConsoleEvent;

/// <summary>RM: asking an LFD to relaunch a dead replica.</summary>
internal sealed record RelaunchRequested(NodeId Replica, NodeId Lfd) : ConsoleEvent;

/// <summary>RM: a replica died before it was ready <paramref name="FailedStarts"/> times in a row; its next automatic relaunch waits.</summary>
internal sealed record RelaunchBackedOff(NodeId Replica, int FailedStarts, long WaitMs) : ConsoleEvent;

/// <summary>RM: an admin command and what it did.</summary>
internal sealed record AdminApplied(string Command, string Outcome) : ConsoleEvent;

/// <summary>RM: a member was removed from the view, and why.</summary>
internal sealed record MemberRemoved(NodeId Replica, long Incarnation, string Reason) : ConsoleEvent;

/// <summary>
/// RM: every ready member (the only holders of the state) is gone, so no replica can become ready;
/// said once when it happens, with the way out.
/// </summary>
internal sealed record StateLostNotice(string Holders) : ConsoleEvent
{
    /// <summary>The way out, said on the RM's console and appended to <c>admin show</c> while it lasts.</summary>
    public const string Advice =
        "relaunched replicas wait (not ready) for one that holds the state. If it is only cut off, reconnect it; "
        + "if it was killed, its state is lost: 'ftcore admin start-fresh' starts again from the initial state";
}
