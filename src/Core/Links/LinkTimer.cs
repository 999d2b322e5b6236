using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Links;

/// <summary>
/// Times the round trips of one process from the requests it sends and the replies they get:
/// an LFD's heartbeat and the replica's acknowledgement, the GFD's heartbeat and the LFD's status,
/// a client's request and each replica's reply, a leader's order and the follower's acknowledgement.
/// The host (the simulator, or a live process) shows it every message in and out with its own
/// clock; no clock is ever compared between processes. Per peer it keeps the current window (for
/// metrics and the fail-slow detector, taken with <see cref="TakeWindow"/>) and the whole run.
/// Nothing allocates per message once a peer has been seen.
/// </summary>
internal sealed class LinkTimer(NodeId self)
{
    /// <summary>Requests awaiting a reply, per peer; the oldest is forgotten when full (its reply was lost). One 32-byte vector of kinds.</summary>
    private const int Pending = 32;

    private readonly NodeMap<Peer> _peers = new();

    public NodeId Self => self;

    /// <summary>
    /// Called with the peer and the round trip in microseconds each time a reply is matched (on the
    /// host's thread, before the windows are updated): live metrics record each sample so.
    /// </summary>
    public Action<NodeId, long>? RoundTrip { get; set; }

    public void OnSend(NodeId to, Message m, long nowUs)
    {
        var key = m switch
        {
            Heartbeat h => h.Count,
            GfdHeartbeat h => h.Count,
            ClientRequest r => r.RequestNum,
            Order o when o.Entries.Length > 0 => o.FirstSeq + o.Entries.Length - 1,
            _ => -1,
        };
        if (key < 0) return;
        PeerOf(to).Sent(m.Kind, key, nowUs);
    }

    public void OnReceive(NodeId from, Message m, long nowUs)
    {
        if (!_peers.TryGetValue(from, out var peer)) return;
        var rtt = m switch
        {
            HeartbeatAck a => peer.Answered(MessageKind.Heartbeat, a.Count, exact: true, nowUs),
            LfdStatus s => peer.Answered(MessageKind.GfdHeartbeat, s.Count, exact: true, nowUs),
            ClientReply r => peer.Answered(MessageKind.ClientRequest, r.RequestNum, exact: true, nowUs),
            // An acknowledgement covers every order up to its log end: the newest of those is the round trip.
            OrderAck a => peer.Answered(MessageKind.Order, a.LogEnd, exact: false, nowUs),
            _ => -1,
        };
        if (rtt >= 0) RoundTrip?.Invoke(from, rtt);
    }

    /// <summary>Every peer timed in the current window (in id order), then starts a new window.</summary>
    public List<LinkStat> TakeWindow()
    {
        var list = new List<LinkStat>(_peers.Count);
        foreach (var (id, p) in _peers)
        {
            if (p.Window.Count == 0) continue;
            list.Add(LinkStat.Of(self, id, p.Window));
            p.Window.Clear();
        }
        return list;
    }

    /// <summary>Every peer timed since the start (in id order).</summary>
    public List<LinkStat> Totals()
    {
        var list = new List<LinkStat>(_peers.Count);
        foreach (var (id, p) in _peers)
        {
            if (p.Total.Count > 0) list.Add(LinkStat.Of(self, id, p.Total));
        }
        return list;
    }

    /// <summary>The whole-run histogram of the round trips to <paramref name="peer"/>, or null when none was timed.</summary>
    public LatencyHistogram? TotalTo(NodeId peer) => _peers.TryGetValue(peer, out var p) && p.Total.Count > 0 ? p.Total : null;

    private Peer PeerOf(NodeId id)
    {
        if (!_peers.TryGetValue(id, out var p))
        {
            p = new Peer();
            _peers[id] = p;
        }
        return p;
    }

    private sealed class Peer
    {
        private readonly MessageKind[] _kinds = new MessageKind[Pending];
        private readonly long[] _keys = new long[Pending];
        private readonly long[] _sentUs = new long[Pending];
        private int _next;

        public LatencyHistogram Window { get; } = new();

        public LatencyHistogram Total { get; } = new();

        /// <summary>A resend of the same request restarts its clock: the round trip measures the link, not the retries.</summary>
        public void Sent(MessageKind kind, long key, long nowUs)
        {
            for (var m = SlotsOf(kind); m != 0; m &= m - 1)
            {
                var i = BitOperations.TrailingZeroCount(m);
                if (_keys[i] == key)
                {
                    _sentUs[i] = nowUs;
                    return;
                }
            }
            _kinds[_next] = kind;
            _keys[_next] = key;
            _sentUs[_next] = nowUs;
            _next = (_next + 1) % Pending;
        }

        /// <summary>Matches the request with this key (or, not exact, the newest with a key at most this one), records it and forgets what it covers; the round trip, or -1 when nothing matched.</summary>
        public long Answered(MessageKind kind, long key, bool exact, long nowUs)
        {
            var slots = SlotsOf(kind);
            var best = -1;
            for (var m = slots; m != 0; m &= m - 1)
            {
                var i = BitOperations.TrailingZeroCount(m);
                if (exact ? _keys[i] == key : _keys[i] <= key && (best < 0 || _keys[i] > _keys[best])) best = i;
            }
            if (best < 0) return -1;
            var rtt = Math.Max(0, nowUs - _sentUs[best]);
            Window.Record(rtt);
            Total.Record(rtt);
            var answered = _keys[best];
            for (var m = slots; m != 0; m &= m - 1)
            {
                var i = BitOperations.TrailingZeroCount(m);
                if (exact ? _keys[i] == answered : _keys[i] <= answered) _kinds[i] = 0;
            }
            return rtt;
        }

        /// <summary>One bit per pending slot holding a request of <paramref name="kind"/>: the 32 kinds compared at once (a message in and out each ask).</summary>
        private uint SlotsOf(MessageKind kind) =>
            Vector256.Equals(Vector256.Create<byte>(MemoryMarshal.Cast<MessageKind, byte>(_kinds)), Vector256.Create((byte)kind)).ExtractMostSignificantBits();
    }
}
