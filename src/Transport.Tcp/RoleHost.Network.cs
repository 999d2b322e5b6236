using System.Net.Sockets;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Transport.Tcp;

internal sealed partial class RoleHost
{
    /// <summary>
    /// A listening peer gets our own outbound connection; a client or the admin tool (no address)
    /// is answered on a connection it opened to us: the one its latest input came on, or, while
    /// none of its open ones carried any, the newest. So a stranger's hello in a client's name
    /// takes nothing from the client, and when one of two connections closes, the other is
    /// answered. No connection: the message is dropped, as a lossy network would; the roles
    /// retransmit what matters.
    /// </summary>
    private void SendTo(NodeId to, Message m)
    {
        if (_options.Map.AddressOf(to) is not null)
        {
            var link = LinkTo(to);
            if (link.Connection is { IsClosed: false } c)
            {
                Write(c, m);
                return;
            }
            if (link.Pending.Count >= _options.MaxPendingPerPeer) link.Pending.Dequeue();
            link.Pending.Enqueue(m);
            KickDial(link);
            return;
        }
        if (!_inbound.TryGetValue(to, out var open)) return;
        FrameConnection? back = null;
        foreach (var c in open)
        {
            if (!c.IsClosed && (back is null || c.LastInput >= back.LastInput)) back = c;
        }
        if (back is not null) Write(back, m);
    }

    private void Write(FrameConnection c, Message m)
    {
        c.Write(m);
        if (_dirtySet.Add(c)) _dirty.Add(c);
    }

    private readonly HashSet<FrameConnection> _dirtySet = [];

    private OutLink LinkTo(NodeId peer)
    {
        if (_links.TryGetValue(peer, out var link)) return link;
        link = new OutLink(peer, _options.Map.Require(peer));
        _links[peer] = link;
        StartDial(link, TimeSpan.Zero);
        return link;
    }

    private void StartDial(OutLink link, TimeSpan delay)
    {
        if (link.Dialing || _stopping) return;
        link.Dialing = true;
        _ = DialAsync(link, delay);
    }

    /// <summary>A message waits for this link: if its dialer is waiting out a backoff, dial now (at most once per ReconnectMin).</summary>
    private void KickDial(OutLink link)
    {
        var now = NowUs;
        if (!link.Dialing || now - link.LastKickUs < (long)(_options.ReconnectMin.TotalMilliseconds * 1000)) return;
        link.LastKickUs = now;
        lock (link.Gate)
        {
            if (link.Kick is { } k) k.TrySetResult();
            else link.KickPending = true;
        }
    }

    /// <summary>Waits <paramref name="wait"/> before the next attempt, or less when a send kicks the link.</summary>
    private async Task BackoffAsync(OutLink link, TimeSpan wait)
    {
        var kick = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (link.Gate)
        {
            if (link.KickPending)
            {
                link.KickPending = false;
                return;
            }
            link.Kick = kick;
        }
        try
        {
            await Task.WhenAny(Task.Delay(wait, _time, _stop.Token), kick.Task).ConfigureAwait(false);
        }
        finally
        {
            lock (link.Gate) link.Kick = null;
        }
    }

    /// <summary>Dials until connected, waiting longer after each failure; reports each outcome to the loop.</summary>
    private async Task DialAsync(OutLink link, TimeSpan delay)
    {
        var wait = _options.ReconnectMin;
        if (delay > TimeSpan.Zero) await BackoffAsync(link, delay).ConfigureAwait(false);
        while (!_stop.IsCancellationRequested)
        {
            var s = new Socket(link.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await (_reactor is null
                    ? s.ConnectAsync(link.Address, timeout.Token).AsTask()
                    : _reactor.ConnectAsync(s, link.Address, timeout.Token)).ConfigureAwait(false);
                Post(new LoopInput(LoopInputKind.Connected, Link: link, Socket: s));
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                s.Dispose();
                if (_stop.IsCancellationRequested) return;
                var why = e is SocketException se ? Describe(se.SocketErrorCode) : "no answer within 2 s";
                Post(new LoopInput(LoopInputKind.DialFailed, Link: link, Text: why));
            }
            await BackoffAsync(link, wait).ConfigureAwait(false);
            if (_stop.IsCancellationRequested) return;
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.ReconnectMax.Ticks));
        }
    }

    private static string Describe(SocketError e) => e switch
    {
        SocketError.ConnectionRefused => "connection refused (not up yet?)",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        SocketError.TimedOut => "timed out",
        _ => e.ToString(),
    };

    private void OnConnected(OutLink link, Socket s)
    {
        link.Dialing = false;
        lock (link.Gate) link.KickPending = false;
        var c = new FrameConnection(s, this, inbound: false, peer: link.Peer, _sends, _reactor);
        link.Connection = c;
        c.OpenedUs = NowUs;
        Info(link.EverConnected || link.ReportedFailure is not null
            ? $"connected to {link.Peer} at {link.Address}"
            : $"connected to {link.Peer} at {link.Address}");
        link.EverConnected = true;
        link.ReportedFailure = null;
        c.Start();
        Write(c, new Hello(Id));
        while (link.Pending.TryDequeue(out var m)) Write(c, m);
    }

    private void OnDialFailed(OutLink link, string why)
    {
        if (link.ReportedFailure == why) return;
        link.ReportedFailure = why;
        Info($"{link.Peer} at {link.Address}: {why}; retrying with backoff");
    }

    private void OnAccepted(FrameConnection c)
    {
        if (_openInbound.Count >= _options.MaxInboundConnections && !MakeRoom())
        {
            if (c.Close("too many connections"))
            {
                Warn($"refused connection from {c.Remote}: {_openInbound.Count} connections open, limit {_options.MaxInboundConnections}");
            }
            return;
        }
        _openInbound.Add(c);
        c.OpenedUs = NowUs;
        _anonymous.Add(c);
        if (_reactor is not null) c.Start();
    }

    /// <summary>
    /// At the connection limit, drops the oldest connection that has not said hello yet, so
    /// connections that say nothing cannot lock a peer out. False when every one has said hello.
    /// </summary>
    private bool MakeRoom()
    {
        FrameConnection? oldest = null;
        foreach (var c in _anonymous)
        {
            if (!c.IsClosed && (oldest is null || c.OpenedUs < oldest.OpenedUs)) oldest = c;
        }
        if (oldest is null) return false;
        _anonymous.Remove(oldest);
        _openInbound.Remove(oldest);
        if (oldest.Close("limit"))
        {
            Warn($"dropped connection from {oldest.Remote}: no hello after {(NowUs - oldest.OpenedUs) / 1000} ms and {_options.MaxInboundConnections} connections open (the limit); making room");
        }
        return true;
    }

    private void OnConnectionClosed(FrameConnection c, string? reason)
    {
        _dirtySet.Remove(c);
        if (c.Inbound)
        {
            _openInbound.Remove(c); // a refused connection was never counted
            _anonymous.Remove(c);
            if (c.Peer is { } p && _inbound.TryGetValue(p, out var known) && known.Remove(c) && known.Count == 0) _inbound.Remove(p);
            Debug($"connection from {c.Describe()} closed{(reason is null ? "" : ": " + reason)}");
            return;
        }
        if (c.Peer is { } peer && _links.TryGetValue(peer, out var link) && link.Connection == c)
        {
            link.Connection = null;
            Info($"lost connection to {peer}{(reason is null ? "" : " (" + reason + ")")}; reconnecting");
            link.ReportedFailure = null;
            StartDial(link, _options.ReconnectMin);
        }
    }

    /// <summary>Closes inbound connections that never said who they are, or that stopped inside a frame.</summary>
    private void SweepInbound(long now)
    {
        if (_openInbound.Count == 0) return;
        var helloMs = (long)_options.HelloTimeout.TotalMilliseconds;
        var stallMs = (long)_options.FrameStallTimeout.TotalMilliseconds;
        List<FrameConnection>? late = null;
        foreach (var c in _openInbound)
        {
            if (c.IsClosed) continue;
            var overdue = c.Peer is null
                ? now - c.OpenedUs >= helloMs * 1000
                : c.PartialBytes > 0 && now - c.PartialSinceUs >= stallMs * 1000;
            if (overdue) (late ??= []).Add(c);
        }
        if (late is null) return;
        foreach (var c in late)
        {
            _anonymous.Remove(c);
            var partial = c.PartialBytes;
            var anonymous = c.Peer is null;
            if (!c.Close(anonymous ? "no hello" : "stuck inside a frame")) continue;
            Warn(anonymous
                ? partial == 0
                    ? $"dropped connection from {c.Remote}: nothing received within {helloMs} ms"
                    : $"dropped connection from {c.Remote}: no hello within {helloMs} ms ({partial} bytes of an incomplete frame)"
                : $"dropped connection from {c.Describe()}: stuck inside a frame ({partial} bytes of it, then nothing for {stallMs} ms)");
        }
    }
}
