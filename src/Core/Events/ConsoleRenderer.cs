using System.Globalization;
using System.Text;
using FtCore.Core.Effects;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;

namespace FtCore.Core.Events;

/// <summary>
/// The one renderer of console lines, in the guide's words. Hosts prefix each line with
/// [timestamp]; the simulator also prefixes the process name.
/// </summary>
internal static class ConsoleRenderer
{
    /// <summary>hh:mm:ss.fff of a host clock in microseconds.</summary>
    public static string Timestamp(long us)
    {
        var ms = us / 1000;
        var h = ms / 3_600_000;
        var m = ms / 60_000 % 60;
        var s = ms / 1000 % 60;
        var f = ms % 1000;
        return string.Create(CultureInfo.InvariantCulture, $"{h:00}:{m:00}:{s:00}.{f:000}");
    }

    public static string Tuple(NodeId client, NodeId replica, long requestNum, string direction) =>
        string.Create(CultureInfo.InvariantCulture, $"<{client}, {replica}, {RequestNumbers.Display(requestNum)}, {direction}>");

    public static string Members(IReadOnlyList<NodeId> members)
    {
        if (members.Count == 0) return "0 members";
        var sb = new StringBuilder();
        sb.Append(members.Count).Append(members.Count == 1 ? " member: " : " members: ");
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(members[i]);
        }
        return sb.ToString();
    }

    /// <summary>"LFD2->S2 25.3 ms (normal 1.1 ms, +24.2 ms, 40 spreads); ..." for the fail-slow lines.</summary>
    public static string SlowPairs(IReadOnlyList<SlowPair> pairs) => string.Join("; ", pairs.Select(p => string.Create(CultureInfo.InvariantCulture,
        $"{p.From}->{p.To} {p.P50Us / 1000.0:0.0} ms (normal {p.NormalUs / 1000.0:0.0} ms, {(p.P50Us - p.NormalUs) / 1000.0:+0.0;-0.0} ms, {p.Spreads:0} spreads)")));

    private static string List(IEnumerable<NodeId> ids) => string.Join(", ", ids);

    public static string DescribeView(View v, ReplicationMode mode)
    {
        var leader = v.HasLeader ? v.Leader.ToString() : "none";
        var role = mode == ReplicationMode.Passive ? "primary" : "sequencer";
        var members = v.Members.Length == 0
            ? "no members"
            : "members " + string.Join(", ", v.Members.Select(m => m.Ready ? m.Replica.ToString() : m.Replica + " (not ready)"));
        return string.Create(CultureInfo.InvariantCulture, $"view {v.Number}: {role} {leader}, {members}");
    }

    /// <summary>The line for a client's invoke (<c>request_num 101: add 5</c>); null for an accepted reply, which prints nothing.</summary>
    public static string? Call(in ClientCall c) =>
        c.Answered ? null : $"request_num {RequestNumbers.Display(c.RequestNum)}: {c.App.Describe(c.Op)}";

    /// <summary>The line for a role's event, or null when it prints nothing.</summary>
    public static string? Render(NodeId self, ConsoleEvent e) => e switch
    {
        DuplicateReplyDiscarded x => x.Differs
            ? $"request_num {RequestNumbers.Display(x.RequestNum)}: Discarded duplicate reply from {x.Replica} (INCONSISTENT: {x.App.DescribeResult(x.Op, x.Result)} but accepted {x.App.DescribeResult(x.Op, x.Accepted)})"
            : $"request_num {RequestNumbers.Display(x.RequestNum)}: Discarded duplicate reply from {x.Replica}",
        RequestRetransmitted x => $"request_num {RequestNumbers.Display(x.RequestNum)}: no reply yet, retransmitting (attempt {x.Attempt})",
        ReplicaStarted x => $"{self} started (incarnation {x.Incarnation})",
        ReadyChanged x => x.Ready ? "i_am_ready = 1" : "i_am_ready = 0",
        StateLine x => $"my_state_{self} = {x.State} {(x.Before ? "before" : "after")} processing {Tuple(x.Client, self, x.RequestNum, "request")}",
        RequestRefused x => $"Refused {Tuple(x.Client, self, x.RequestNum, "request")} for app {x.App}: {x.Reason}",
        EntryLogged x => $"Logged {Tuple(x.Client, self, x.RequestNum, "request")} (high_watermark_request_num[{x.Client}] = {RequestNumbers.Display(x.HighWatermark)})",
        CheckpointSent x => $"Sending checkpoint to {x.To}: my_state = {x.State}, checkpoint_count = {x.CheckpointCount}{(x.StateTransfer ? " (state transfer)" : "")}",
        CheckpointInstalled x => $"Received checkpoint from {x.From}: my_state = {x.State}, checkpoint_count = {x.CheckpointCount}{(x.StateTransfer ? " (state transfer)" : "")}",
        CheckpointIgnored x => $"Ignored checkpoint from {x.From} covering seq {x.Seq}: state already at seq {x.StateSeq}",
        ViewInstalled x => x.Member ? $"Installed view {x.View.Number} (leader {(x.View.HasLeader ? x.View.Leader.ToString() : "none")})" : $"Installed view {x.View.Number}: not a member",
        BecameLeader x => $"Leading view {x.View} (log end {x.LogEnd}, commit {x.CommitSeq})",
        SuspectReported x => $"{x.Replica} has not acknowledged for {x.WaitedMs} ms: reporting it to RM (view {x.View})",
        StaleRefused x => $"Refused {x.What} from {x.From}: view {x.TheirView} is older than {x.MyView}",
        Synced x => $"Synced with leader in view {x.View}: kept up to {x.BaseSeq}, log end {x.LogEnd}, commit {x.CommitSeq}{(x.Dropped > 0 ? $", dropped {x.Dropped} uncommitted" : "")}",
        ReplicaAdded x => $"{x.Lfd}: add replica {x.Replica}",
        HeartbeatFailed x => $"{x.Lfd}: heartbeat to {x.Replica} failed (no reply in {x.TimeoutMs} ms)",
        ReplicaExited x => $"{x.Lfd}: heartbeat to {x.Replica} failed (its process exited)",
        ReplicaDeleted x => $"{x.Lfd}: delete replica {x.Replica}",
        LaunchingReplica x => $"{x.Lfd}: launching {x.Replica}",
        StoppingReplica x => $"{x.Lfd}: stopping {x.Replica}",
        HeartbeatFreqChanged x => $"{x.Who}: heartbeat_freq = {x.FreqMs} ms, timeout = {x.TimeoutMs} ms",
        GfdMembers x => "GFD: " + Members(x.Members),
        LfdChanged x => x.Alive ? $"GFD: {x.Lfd} registered" : $"GFD: heartbeat to {x.Lfd} failed (no reply in {x.TimeoutMs} ms): its machine is gone",
        RmMembers x => "RM: " + Members(x.Members),
        RmViewChanged x => "RM: " + DescribeView(x.View, x.Mode),
        RelaunchRequested x => $"RM: relaunching {x.Replica} via {x.Lfd}",
        RelaunchBackedOff x => $"RM: {x.Replica} died {x.FailedStarts} times in a row before it was ready; next relaunch in {x.WaitMs} ms (its own console says why; admin launch {x.Replica} does not wait)",
        AdminApplied x => $"RM: admin '{x.Command}': {x.Outcome}",
        MemberRemoved x => $"RM: removing {x.Replica} from the view ({x.Reason})",
        StateLostNotice x => $"RM: no ready replica is left ({x.Holders} held the state): {StateLostNotice.Advice}",
        LinkWindowReceived => null,
        SlowSuspected x => $"RM: fail-slow: {x.Process} is slow since {Timestamp(x.SinceUs)}: {SlowPairs(x.Pairs)}",
        SlowCleared x => $"RM: fail-slow cleared: {x.Process} ({x.Reason}; named since {Timestamp(x.SinceUs)}){(x.Pairs.Length > 0 ? ": " + SlowPairs(x.Pairs) : "")}",
        _ => e.ToString(),
    };

    /// <summary>The line for a message this process sends, or null when an event already says it.</summary>
    public static string? Sent(NodeId self, NodeId to, Message m) => m switch
    {
        ClientRequest x => "Sent " + Tuple(x.Client, to, x.RequestNum, "request"),
        ClientReply x => "Sending " + Tuple(x.Client, x.Replica, x.RequestNum, "reply"),
        ForwardRequest x => $"Forwarded {Tuple(x.Client, self, x.RequestNum, "request")} to {to}",
        Register x => $"Registering with {to} (incarnation {x.Incarnation})",
        Heartbeat x => $"[{x.Count}] {self} sending heartbeat to {to}",
        HeartbeatAck x => $"[{x.Count}] Sending heartbeat reply to {to}",
        GfdHeartbeat x => $"[{x.Count}] {self} sending heartbeat to {to}",
        LfdStatus x => x.Count > 0
            ? $"[{x.Count}] {self} reporting to {to}: {Members(x.Members.Select(r => r.Replica).ToArray())}"
            : $"{self} reporting to {to}: {Members(x.Members.Select(r => r.Replica).ToArray())}",
        Membership x => $"{self}: sending membership to {to}: {Members(x.Members.Select(r => r.Replica).ToArray())}",
        ViewChange x => $"Sent view {x.View.Number} to {to}",
        ReadyNotice x => $"Sent i_am_ready = 1 (view {x.View}) to {to}",
        Suspect x => $"Sent suspect {x.Replica} (view {x.View}) to {to}",
        Order x => DescribeOrder("Sent", x, self) + $" to {to}",
        OrderAck x => $"Sent ack up to {x.LogEnd} (view {x.View}) to {to}",
        Commit x => $"Sent commit up to {x.CommitSeq} (view {x.View}) to {to}",
        SyncRequest x => $"Sent sync request (view {x.View}, commit {x.CommitSeq}{(x.NeedState ? ", need state" : "")}) to {to}",
        Sync x => $"Sent sync (view {x.View}, entries {x.BaseSeq + 1}..{x.BaseSeq + x.Entries.Length}, commit {x.CommitSeq}) to {to}",
        Checkpoint => null,
        Launch x => $"Sent launch {x.Replica} to {to}",
        Stop x => $"Sent stop {x.Replica} to {to}",
        AdminCommand { Op: AdminOp.WatchView } => null,
        AdminCommand x => $"Sent admin '{x}' to {to}",
        SetHeartbeat x => $"Sent heartbeat_freq = {x.FreqMs} ms to {to}",
        AdminReply => null, // the RM's "RM: admin '...': <outcome>" line says it (a watch, nothing)
        Hello => null,
        ViewQuery => null,
        _ => $"Sent {m.Kind} to {to}",
    };

    /// <summary>The line for a message this process receives, or null when an event already says it.</summary>
    public static string? Received(NodeId self, NodeId from, Message m) => m switch
    {
        ClientRequest x => "Received " + Tuple(x.Client, self, x.RequestNum, "request"),
        ClientReply x => "Received " + Tuple(x.Client, x.Replica, x.RequestNum, "reply"),
        ForwardRequest x => $"Received forwarded {Tuple(x.Client, from, x.RequestNum, "request")} from {from}",
        Register x => $"{self}: {from} registered (incarnation {x.Incarnation})",
        Heartbeat x => $"[{x.Count}] Received heartbeat from {from}",
        HeartbeatAck x => $"[{x.Count}] {self} receives heartbeat from {from}",
        GfdHeartbeat x => $"[{x.Count}] {self} receives heartbeat from {from}",
        LfdStatus x => x.Count > 0
            ? $"[{x.Count}] {self} receives heartbeat from {from}: {Members(x.Members.Select(r => r.Replica).ToArray())}"
            : $"{self}: {from} reports {Members(x.Members.Select(r => r.Replica).ToArray())}",
        Membership x => $"Received membership from {from}: {Members(x.Members.Select(r => r.Replica).ToArray())}",
        ViewChange x => $"Received view {x.View.Number} from {from}",
        ReadyNotice x => $"Received i_am_ready = 1 from {from} (view {x.View})",
        Suspect x => $"Received suspect {x.Replica} (view {x.View}) from {from}",
        Order x => DescribeOrder("Received", x, self) + $" from {from}",
        OrderAck x => $"Received ack up to {x.LogEnd} (view {x.View}) from {from}",
        Commit x => $"Received commit up to {x.CommitSeq} (view {x.View}) from {from}",
        SyncRequest x => $"Received sync request (view {x.View}, commit {x.CommitSeq}{(x.NeedState ? ", need state" : "")}) from {from}",
        Sync x => $"Received sync (view {x.View}, entries {x.BaseSeq + 1}..{x.BaseSeq + x.Entries.Length}, commit {x.CommitSeq}) from {from}",
        Checkpoint => null,
        Launch x => $"Received launch {x.Replica} from {from}",
        Stop x => $"Received stop {x.Replica} from {from}",
        AdminCommand { Op: AdminOp.WatchView } => null,
        AdminCommand x => $"Received admin '{x}' from {from}",
        SetHeartbeat x => $"Received heartbeat_freq = {x.FreqMs} ms from {from}",
        AdminReply x => $"Received reply from {from}: {x.Text}",
        Hello => null,
        ViewQuery => null,
        // The fail-slow detector's input, every 500 ms from every LFD, replica and the GFD: kept in RM.links.jsonl, not on the console.
        LinkReport => null,
        _ => $"Received {m.Kind} from {from}",
    };

    private static string DescribeOrder(string verb, Order o, NodeId self)
    {
        if (o.Entries.Length == 1)
        {
            var e = o.Entries[0];
            return string.Create(CultureInfo.InvariantCulture, $"{verb} order {o.FirstSeq} {Tuple(e.Client, self, e.RequestNum, "request")} (view {o.View}, commit {o.Commit})");
        }
        return string.Create(CultureInfo.InvariantCulture, $"{verb} order {o.FirstSeq}..{o.FirstSeq + o.Entries.Length - 1} (view {o.View}, commit {o.Commit})");
    }
}
