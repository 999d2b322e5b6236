using System.Net;
using System.Net.Sockets;
using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Links;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using Microsoft.Extensions.Logging;

namespace FtCore.Transport.Tcp;

/// <summary>
/// Runs one role on real TCP and the real clock. Every input (a frame, a timer, a connection
/// event, a local command) goes through one queue and is handled one at a time, a batch at a time:
/// the role flushes what it gathered after each batch, then every connection written to is
/// flushed once. So the role sees exactly the single-threaded world the simulator gives it. On
/// Linux the loop runs on the process's <see cref="Reactor"/>, after it has read every socket
/// that was ready, so a batch is everything that arrived together; elsewhere whichever thread
/// finds the loop idle runs it, the socket engine's thread that read a frame included.
/// </summary>
internal sealed partial class RoleHost : IConnectionOwner, IAsyncDisposable
{
    private readonly Role _role;
    private readonly HostOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    /// <summary>Inputs handled before the role flushes and the sockets are written, when more keep coming.</summary>
    private const int MaxBatch = 128;

    /// <summary>Connections per batch whose writes run on the loop itself (see <see cref="SendScheduler"/>).</summary>
    private const int InlineFlushes = 6;

    private readonly SendScheduler _sends = new();

    /// <summary>The process's reactor, which runs this host's loop and owns its connections; null where .NET's socket engine does.</summary>
    private readonly Reactor? _reactor = Reactor.Shared;

    private readonly object _gate = new();
    private readonly Queue<LoopInput> _queue = new();
    private bool _running;

    // Loop-thread state.
    private readonly Dictionary<NodeId, OutLink> _links = [];
    /// <summary>Per peer that dialed us, its open connections that said hello as that peer, oldest first.</summary>
    private readonly Dictionary<NodeId, List<FrameConnection>> _inbound = [];
    /// <summary>Counts frames received after a hello: which of a peer's connections carried its latest input.</summary>
    private long _inputs;
    private readonly HashSet<FrameConnection> _anonymous = [];
    private readonly HashSet<FrameConnection> _openInbound = [];
    private readonly List<FrameConnection> _dirty = [];
    /// <summary>When the wake timer fires: long.MaxValue when never, long.MinValue once it fired (not armed).</summary>
    private long _armedWakeUs = long.MinValue;
    private bool _stopping;

    private readonly ITimer _wakeTimer;
    private ITimer? _sweepTimer;
    private Socket? _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _lines;
    private readonly RepeatFilter _repeats = new();
    private readonly LineOutput? _output;

    public RoleHost(Role role, HostOptions options)
    {
        _role = role;
        _options = options;
        _log = options.Logger;
        _time = options.Time;
        _startTimestamp = _time.GetTimestamp();
        _lines = _log.IsEnabled(LogLevel.Information);
        role.Out.Console = _lines;
        role.Out.Digests = false; // nothing live compares the replicas' digests: the simulator's checks do
        _output = options.Lines;
        Links = options.TimeLinks ? new LinkTimer(role.Id) : null;
        _wakeTimer = _time.CreateTimer(static s => ((RoleHost)s!).Post(new LoopInput(LoopInputKind.Tick)), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public NodeId Id => _role.Id;

    /// <summary>
    /// Round trips to each peer from the requests this process sends and the replies it gets, fed
    /// on the loop thread (read it there, or through its <see cref="LinkTimer.RoundTrip"/> callback); null when
    /// <see cref="HostOptions.TimeLinks"/> is off.
    /// </summary>
    public LinkTimer? Links { get; }

    /// <summary>Microseconds since this host started, on its TimeProvider.</summary>
    public long NowUs => (long)(_time.GetElapsedTime(_startTimestamp).Ticks / 10);

    /// <summary>Where this host listens (after <see cref="Start"/>), or null.</summary>
    public IPEndPoint? ListenAddress => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>Binds the listener (one-line <see cref="HostStartException"/> when it cannot), then starts the role.</summary>
    public void Start()
    {
        if (_options.Listen)
        {
            var ep = _options.Map.AddressOf(Id) ?? throw new HostStartException($"the cluster map has no address for {Id}");
            _listener = Bind(ep, Id);
        }
        // The role starts before the first connection is accepted: a peer already redialing (a
        // restarted RM's GFD, a replica's LFD) would otherwise have its frames received before Start.
        Post(new LoopInput(LoopInputKind.Action, Action: now =>
        {
            foreach (var peer in _options.DialAtStart) LinkTo(peer);
            _role.Start(now);
            Drain(now);
        }));
        StartFailSlow();
        if (_listener is not null)
        {
            _ = AcceptLoopAsync(_listener);
            var sweep = TimeSpan.FromMilliseconds(Math.Max(50, Math.Min(_options.HelloTimeout.TotalMilliseconds, _options.FrameStallTimeout.TotalMilliseconds) / 4));
            _sweepTimer = _time.CreateTimer(static s => ((RoleHost)s!).Post(new LoopInput(LoopInputKind.Action, Action: ((RoleHost)s!).SweepInbound)), this, sweep, sweep);
        }
    }

    /// <summary>Runs <paramref name="action"/> on the loop with the current time (submit a request, read state).</summary>
    public void Post(Action<long> action) => Post(new LoopInput(LoopInputKind.Action, Action: action));

    /// <summary>Runs <paramref name="action"/> on the loop with the role, then lets the host drain its effects.</summary>
    /// <remarks>Posts the delegate itself, nothing around it: a caller that keeps one delegate invokes without allocating.</remarks>
    public void Invoke(Action<long, Role> action) => Post(new LoopInput(LoopInputKind.RoleAction, RoleAction: action));

    private const int SolSocket = 1, SoReuseAddr = 2;

    private static Socket Bind(IPEndPoint ep, NodeId id)
    {
        var s = new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone: a relaunched replica may bind its port while old connections sit in
            // TIME_WAIT, yet a second live listener is refused. (.NET's ReuseAddress also sets
            // SO_REUSEPORT on Linux, which would let two copies of a replica listen at once.)
            if (OperatingSystem.IsLinux()) s.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            s.Bind(ep);
            s.Listen(1024);
            return s;
        }
        catch (SocketException e)
        {
            s.Dispose();
            var why = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => $"port {ep.Port} is in use ({id} at {ep}): is {id} already running?",
                SocketError.AddressNotAvailable => $"{ep.Address} is not an address of this machine ({id} at {ep})",
                SocketError.AccessDenied => $"not allowed to listen on {ep} ({id})",
                _ => $"cannot listen on {ep} for {id}: {e.Message}",
            };
            throw new HostStartException(why, e);
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        SocketError? reported = null; // one line per kind of accept failure, not one per attempt
        while (!_stop.IsCancellationRequested)
        {
            Socket s;
            try
            {
                s = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                if (reported != e.SocketErrorCode) Warn($"accept failed: {e.SocketErrorCode}; retrying");
                reported = e.SocketErrorCode;
                await Task.Delay(TimeSpan.FromMilliseconds(10), _time).ConfigureAwait(false);
                continue;
            }
            reported = null;
            FrameConnection c;
            try
            {
                c = new FrameConnection(s, this, inbound: true, peer: null, _sends, _reactor);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                s.Dispose(); // reset before we could set it up; the loop must go on accepting
                continue;
            }
            Post(new LoopInput(LoopInputKind.Accepted, Connection: c));
            // On the reactor a connection starts on the loop, once it is let in (see OnAccepted):
            // its socket is then only ever touched on the reactor's thread.
            if (_reactor is null) c.Start();
        }
    }

    // ---- the loop ----

    private void Post(in LoopInput input)
    {
        lock (_gate)
        {
            _queue.Enqueue(input);
            if (_running) return;
            _running = true;
        }
        StartRun();
    }

    void IConnectionOwner.OnFrames(FrameConnection c, List<Message> frames)
    {
        lock (_gate)
        {
            foreach (var m in frames) _queue.Enqueue(new LoopInput(LoopInputKind.Frame, c, m));
            if (_running) return;
            _running = true;
        }
        StartRun();
    }

    /// <summary>
    /// More inputs wait than a few batches: the reactor leaves this host's sockets unread (in the
    /// kernel's buffers, so TCP holds the senders back) until the loop has caught up.
    /// </summary>
    bool IConnectionOwner.Backlogged
    {
        get
        {
            lock (_gate) return _queue.Count > MaxBacklog;
        }
    }

    private const int MaxBacklog = 8 * MaxBatch;

    void IConnectionOwner.OnBadInput(FrameConnection c, string reason) =>
        Warn($"dropped connection from {c.Describe()}: {reason}");

    void IConnectionOwner.OnClosed(FrameConnection c, string? reason) =>
        Post(new LoopInput(LoopInputKind.Closed, c, Text: reason));

    /// <summary>The loop runs on the reactor thread, or here, on the thread that found it idle.</summary>
    private void StartRun()
    {
        if (_reactor is not null) _reactor.Schedule(this);
        else Run();
    }

    /// <summary>The reactor runs the loop it was asked to (<see cref="StartRun"/>).</summary>
    internal void RunScheduled() => Run();

    private void Run()
    {
        try
        {
            while (true)
            {
                for (var handled = 0; handled < MaxBatch; handled++)
                {
                    LoopInput input;
                    lock (_gate)
                    {
                        if (!_queue.TryDequeue(out input)) break;
                    }
                    Handle(input);
                }
                var now = NowUs;
                if (!_stopping && now >= _role.NextWakeupUs)
                {
                    _role.Tick(now);
                    Drain(now);
                }
                // End of the batch: the role sends what it gathered, then every connection written to is flushed once.
                _role.Flush();
                Drain(now);
                // The batch's lines reach the kernel before its messages can reach a peer.
                _output?.Commit();
                FlushDirty();
                ArmTimer();
                lock (_gate)
                {
                    if (_queue.Count == 0)
                    {
                        _running = false;
                        return;
                    }
                }
                if (_reactor is not null)
                {
                    // One batch per round on the reactor: its other connections and hosts get their turn, then this one again.
                    _reactor.Schedule(this);
                    return;
                }
            }
        }
        catch (Exception e)
        {
            // A role that throws is a bug; dying loudly beats serving with a broken state.
            _log.LogCritical(e, "{Id}: fatal error in the event loop", Id);
            _output?.Commit();
            Environment.FailFast($"{Id}: fatal error in the event loop: {e}");
        }
    }

    private void Handle(in LoopInput input)
    {
        if (_stopping && input.Kind is not (LoopInputKind.Action or LoopInputKind.RoleAction))
        {
            input.Socket?.Dispose();
            input.Connection?.Close("host stopped"); // one accepted while stopping
            return;
        }
        switch (input.Kind)
        {
            case LoopInputKind.Frame:
                OnFrame(input.Connection!, input.Message!);
                break;
            case LoopInputKind.Closed:
                OnConnectionClosed(input.Connection!, input.Text);
                break;
            case LoopInputKind.Accepted:
                OnAccepted(input.Connection!);
                break;
            case LoopInputKind.Connected:
                OnConnected(input.Link!, input.Socket!);
                break;
            case LoopInputKind.DialFailed:
                OnDialFailed(input.Link!, input.Text!);
                break;
            case LoopInputKind.Action:
                input.Action!(NowUs);
                break;
            case LoopInputKind.RoleAction:
                {
                    var now = NowUs;
                    input.RoleAction!(now, _role);
                    Drain(now);
                    break;
                }
            case LoopInputKind.Tick:
                _armedWakeUs = long.MinValue; // the timer fired: it is no longer armed, even if it fired early
                break; // Run ticks the role after the queue
        }
    }

    private void OnFrame(FrameConnection c, Message m)
    {
        // Frames read before a connection closed still count once its peer is known (the close is
        // handled after them, in order); a stranger's are dropped with it.
        if (c.IsClosed && c.Peer is null) return;
        if (c.Peer is not { } from)
        {
            if (m is Hello h)
            {
                c.Peer = h.From;
                _anonymous.Remove(c);
                // Kept beside the peer's other connections: a hello alone (anyone can send one) takes no replies away from them.
                if (!_inbound.TryGetValue(h.From, out var known)) _inbound[h.From] = known = [];
                known.Add(c);
                Debug($"{h.From} connected from {c.Remote}");
            }
            else if (c.Close("no hello"))
            {
                Warn($"dropped connection from {c.Remote}: first frame is {m.Kind}, expected hello");
            }
            return;
        }
        if (m is Hello) return;
        c.LastInput = ++_inputs;
        if (InterceptSlow(from, m)) return;
        HandleFrame(from, m);
    }

    /// <summary>The role handles one message from a known peer.</summary>
    private void HandleFrame(NodeId from, Message m)
    {
        var now = NowUs;
        // One timer serves both the fail-slow reports and the metrics when both are on.
        _linkTimer?.OnReceive(from, m, now);
        if (!ReferenceEquals(Links, _linkTimer)) Links?.OnReceive(from, m, now);
        _options.OnReceive?.Invoke(now, from, m);
        if (_lines)
        {
            var line = ConsoleRenderer.Received(Id, from, m);
            if (line is not null) Line(line, _repeats.IsRepeatReceived(from, m, line));
        }
        _role.Receive(now, from, m);
        Drain(now);
    }

    /// <summary>Carries out the role's effects in order.</summary>
    private void Drain(long now)
    {
        var items = _role.Out.Items;
        for (var i = 0; i < items.Count; i++)
        {
            var e = items[i];
            switch (e.Kind)
            {
                case EffectKind.Send:
                    if (_lines)
                    {
                        var line = ConsoleRenderer.Sent(Id, e.Target, e.Message!);
                        if (line is not null) Line(line, _repeats.IsRepeatSent(e.Target, e.Message!, line));
                    }
                    _linkTimer?.OnSend(e.Target, e.Message!, now);
                    if (!ReferenceEquals(Links, _linkTimer)) Links?.OnSend(e.Target, e.Message!, now);
                    SendTo(e.Target, e.Message!);
                    break;
                case EffectKind.Emit:
                    if (_lines)
                    {
                        var line = ConsoleRenderer.Render(Id, e.Event!);
                        if (line is not null) Line(line, RepeatFilter.IsRepeat(e.Event!));
                    }
                    _options.OnEvent?.Invoke(now, e.Event!);
                    break;
                case EffectKind.Call:
                    if (_lines && ConsoleRenderer.Call(e.Call) is { } callLine) Line(callLine);
                    _options.OnCall?.Invoke(now, e.Call);
                    break;
                case EffectKind.Executed:
                    _options.OnExecuted?.Invoke(now, e.Execution);
                    break;
                case EffectKind.Launch:
                    _options.Launcher?.Launch(e.Target);
                    break;
                case EffectKind.Stop:
                    _options.Launcher?.Stop(e.Target);
                    break;
            }
        }
        _role.Out.Clear();
    }

    private void ArmTimer()
    {
        var wake = _stopping ? long.MaxValue : _role.NextWakeupUs;
        // A timer set to fire no later than needed stays as it is (a client moves its retry deadline
        // with every request): should it fire early, the loop finds nothing due and sets it again.
        if (_armedWakeUs != long.MinValue && wake >= _armedWakeUs) return;
        _armedWakeUs = wake;
        if (wake == long.MaxValue)
        {
            _wakeTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        // Timers count whole milliseconds and may round down: round up, so a wake-up is never early.
        var dueMs = (Math.Max(0, wake - NowUs) + 999) / 1000;
        _wakeTimer.Change(TimeSpan.FromMilliseconds(dueMs), Timeout.InfiniteTimeSpan);
    }

    private void FlushDirty()
    {
        for (var i = 0; i < _dirty.Count; i++)
        {
            // The first few connections of a batch are written inline; the rest of a large one on the thread pool.
            _sends.Offload = i >= InlineFlushes;
            var c = _dirty[i];
            if (!c.Flush())
            {
                Warn($"dropped connection to {c.Describe()}: it stopped reading ({FrameConnection.MaxUnsentBytes / (1024 * 1024)} MiB unsent)");
                c.Close("stuck");
            }
        }
        _sends.Offload = false;
        _dirty.Clear();
        _dirtySet.Clear();
    }

    // ---- logging ----

    private static readonly Func<string, Exception?, string> Text = static (s, _) => s;

    /// <summary>One of the guide's console lines.</summary>
    private void Line(string text) => _log.Log(LogLevel.Information, LogEvents.Line, text, null, Text);

    /// <summary>A line about a message: a repeat that changes nothing is shown at the debug level only.</summary>
    private void Line(string text, bool repeat)
    {
        if (!repeat) Line(text);
        else if (_log.IsEnabled(LogLevel.Debug)) _log.Log(LogLevel.Debug, LogEvents.Line, text, null, Text);
    }

    private void Warn(string text) => _log.Log(LogLevel.Warning, LogEvents.Transport, $"{Id}: {text}", null, Text);

    private void Info(string text) => _log.Log(LogLevel.Information, LogEvents.Transport, $"{Id}: {text}", null, Text);

    private void Debug(string text)
    {
        if (_log.IsEnabled(LogLevel.Debug)) _log.Log(LogLevel.Debug, LogEvents.Transport, $"{Id}: {text}", null, Text);
    }

    public async ValueTask DisposeAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(_ =>
        {
            _stopping = true;
            foreach (var l in _links.Values) l.Connection?.Close("host stopped");
            foreach (var c in _openInbound.ToArray()) c.Close("host stopped");
            done.TrySetResult();
        });
        await done.Task.ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _wakeTimer.DisposeAsync().ConfigureAwait(false);
        await StopFailSlowAsync().ConfigureAwait(false);
        if (_sweepTimer is not null) await _sweepTimer.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>Event ids of the host's log lines.</summary>
internal static class LogEvents
{
    /// <summary>A console line of the role, in the guide's words.</summary>
    public static readonly EventId Line = new(1, "line");

    /// <summary>Connections, bad input, peers that are not up.</summary>
    public static readonly EventId Transport = new(2, "transport");
}
