using System.Net;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Transport.Tcp;

/// <summary>
/// Our connection to one listening peer: dialed on first use, redialed with backoff whenever it
/// drops. Messages sent while it is down wait in a bounded queue and go out, in order, on connect.
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
}
