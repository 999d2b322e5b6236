using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Events;

/// <summary>
/// Tells a repeat that changes nothing from a line worth a student's attention: a periodic
/// membership report, an unchanged view sent again, a repeated acknowledgement or register. Such
/// a line is shown at the debug level only; the first line of each new content stays at the
/// default level. Heartbeat lines are never repeats (the guide asks for every one). One filter per
/// process; state is per peer, message kind and direction, so nothing depends on iteration order.
/// </summary>
internal sealed class RepeatFilter
{
    private readonly Dictionary<(NodeId Peer, MessageKind Kind, bool Sent), string> _last = [];

    /// <summary>True when <paramref name="line"/>, about a message sent to <paramref name="to"/>, says what the last one of its kind to that peer said.</summary>
    public bool IsRepeatSent(NodeId to, Message m, string line) => IsRepeat(to, m.Kind, sent: true, line);

    /// <summary>True when <paramref name="line"/>, about a message received from <paramref name="from"/>, says what the last one of its kind from that peer said.</summary>
    public bool IsRepeatReceived(NodeId from, Message m, string line) => IsRepeat(from, m.Kind, sent: false, line);

    private bool IsRepeat(NodeId peer, MessageKind kind, bool sent, string line)
    {
        if (!Filtered(kind, sent)) return false;
        var content = WithoutCount(line);
        var key = (peer, kind, sent);
        if (_last.TryGetValue(key, out var last) && last == content) return true;
        _last[key] = content;
        return false;
    }

    /// <summary>
    /// True for an event that only repeats what the console said already: a client's third and
    /// later retransmission of the same request (the first one is said; each send is printed anyway).
    /// </summary>
    public static bool IsRepeat(ConsoleEvent e) => e is RequestRetransmitted { Attempt: > 2 };

    /// <summary>
    /// Kinds whose content repeats while nothing changes. An LFD's report to the GFD is filtered
    /// where it is sent (the reply to every GFD heartbeat); the GFD's receipt of it is a heartbeat line.
    /// </summary>
    private static bool Filtered(MessageKind kind, bool sent) => kind switch
    {
        MessageKind.LfdStatus => sent,
        MessageKind.Membership or MessageKind.ViewChange or MessageKind.Register or MessageKind.ReadyNotice
            or MessageKind.Suspect or MessageKind.OrderAck or MessageKind.Commit or MessageKind.SyncRequest => true,
        _ => false,
    };

    /// <summary>The line without a leading "[n] " count, so a report that differs only in its number is a repeat.</summary>
    private static string WithoutCount(string line)
    {
        if (line.Length < 3 || line[0] != '[') return line;
        var close = line.IndexOf("] ", StringComparison.Ordinal);
        if (close < 2) return line;
        for (var i = 1; i < close; i++)
        {
            if (!char.IsAsciiDigit(line[i])) return line;
        }
        return line[(close + 2)..];
    }
}
