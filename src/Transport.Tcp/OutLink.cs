using System.Net;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Transport.Tcp;

/// <summary>
/// Our connection to one listening peer: dialed on first use, redialed with backoff whenever it
/// drops. Messages sent while it is down wait in a bounded queue and go out, in order, on connect.
/// A message for it while it waits out a backoff cuts the wait short (a peer relaunched after a
/// long outage is reached at once, not up to a whole backoff later).
/// </summary>
internal sealed class OutLink(NodeId peer, IPEndPoint address)
{
    public NodeId Peer { get; } = peer;
    public IPEndPoint Address { get; } = address;
    public FrameConnection? Connection;
    public bool Dialing;
    public bool EverConnected;
    /// <summary>The last failure already reported, so a peer that stays down prints one line, not one per attempt.</summary>
    public string? ReportedFailure;
    public readonly Queue<Message> Pending = new();

    /// <summary>Loop thread: when a send last cut a backoff short, so a down peer is dialed at most once per ReconnectMin on demand.</summary>
    public long LastKickUs = long.MinValue / 2;

    // Shared between the loop (which kicks) and the dialer (which waits); guarded by Gate.
    public readonly object Gate = new();
    public TaskCompletionSource? Kick;
    public bool KickPending;
}
