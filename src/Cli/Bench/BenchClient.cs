using System.Diagnostics;
using FtCore.Core.Effects;
using FtCore.Core.App;
using FtCore.Core.Events;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Core.Roles;
using FtCore.Demo.Live;
using FtCore.Sim;
using FtCore.Transport.Tcp;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtCore.Demo.Bench;

/// <summary>
/// One closed-loop bench client: its own Client role on its own host with its own connections, one
/// request outstanding, the next one sent as soon as the reply is accepted. The requests are the
/// application's own workload, drawn from a seeded stream ahead of time (a ring of
/// <see cref="RingSize"/> operations), so the hot path draws and encodes nothing. Measures
/// invoke-to-accepted-reply latency and counts refusals; optionally keeps the whole history.
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private static readonly double NsPerTick = 1_000_000_000.0 / Stopwatch.Frequency;
    private const int RingSize = 4096;

    private readonly Client _client;
    private readonly RoleHost _host;
    private readonly List<HistoryEvent>? _history;
    private readonly Func<Operation> _next;
    private readonly Action<long, Role> _submitNext;

    // Loop-thread state (the host runs one input at a time, so no locks are needed between these).
    private long _invokedTicks;
    private TaskCompletionSource<OpResult>? _single;
    private long _singleRequest = -1;
    private TaskCompletionSource? _idle;

    private volatile bool _loop;
    private volatile bool _recording;
    private long _completed;
    private long _refused;
    private long _maxWaitTicks;

    public BenchClient(NodeId id, ClusterOptions options, IApplication app, ClusterMap map, bool keepHistory, Func<Operation>? next = null)
    {
        _client = new Client(id, options, app);
        _history = keepHistory ? new List<HistoryEvent>(1 << 16) : null;
        _next = next ?? Ring(app, (ulong)id.Index);
        _submitNext = SubmitNext; // one delegate for every request of the loop
        _host = LiveMetrics.Host(_client, new HostOptions
        {
            Map = map,
            Logger = NullLogger.Instance,
            Listen = false,
            DialAtStart = [NodeId.Rm],
            OnCall = OnCall,
        });
    }

    public NodeId Id => _client.Id;

    /// <summary>Latencies of the replies accepted while <see cref="Recording"/> was on.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Replies accepted so far (any thread may read it).</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Requests the application refused (a command it could not decode or execute).</summary>
    public long Refused => Volatile.Read(ref _refused);

    /// <summary>The application's workload for one client, drawn once and then repeated.</summary>
    private static Func<Operation> Ring(IApplication app, ulong seed)
    {
        var random = new Prng(seed);
        var ops = new Operation[RingSize];
        for (var i = 0; i < ops.Length; i++) ops[i] = app.NextOperation(random);
        var next = 0;
        return () =>
        {
            var op = ops[next];
            next = (next + 1) % ops.Length;
            return op;
        };
    }

    /// <summary>The view this client knows (polled from another thread; only ever grows).</summary>
    public long ViewNumber => _client.ViewNumber;

    /// <summary>Whether replies accepted from now on go into <see cref="Latency"/>.</summary>
    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    /// <summary>A copy of the recorded history (invoke and ok events), taken on the client's loop; empty when not kept.</summary>
    public async Task<HistoryEvent[]> HistoryAsync()
    {
        var tcs = new TaskCompletionSource<HistoryEvent[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Post(_ => tcs.TrySetResult(_history?.ToArray() ?? []));
        return await tcs.Task.ConfigureAwait(false);
    }

    public void Start() => _host.Start();

    /// <summary>Starts the closed loop.</summary>
    public void StartLoop()
    {
        _loop = true;
        _host.Invoke(_submitNext);
    }

    /// <summary>No new requests; completes once no request is outstanding (false when <paramref name="timeout"/> passed first).</summary>
    public async Task<bool> StopLoopAsync(TimeSpan timeout)
    {
        _loop = false;
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Invoke((_, role) =>
        {
            if (((Client)role).Idle) idle.TrySetResult();
            else _idle = idle;
        });
        var done = await Task.WhenAny(idle.Task, Task.Delay(timeout)).ConfigureAwait(false);
        return done == idle.Task;
    }

    /// <summary>The request still outstanding (after <see cref="StopLoopAsync"/> timed out), or -1.</summary>
    public async Task<long> OutstandingAsync()
    {
        var tcs = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Invoke((_, role) => tcs.TrySetResult(((Client)role).OutstandingRequest));
        return await tcs.Task.ConfigureAwait(false);
    }

    /// <summary>Sends one request while the loop is stopped and the client idle; its result, or null after <paramref name="timeout"/>.</summary>
    public async Task<OpResult?> RequestAsync(Operation op, TimeSpan timeout)
    {
        var tcs = new TaskCompletionSource<OpResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Invoke((now, role) =>
        {
            var c = (Client)role;
            if (!c.Idle)
            {
                tcs.TrySetException(new InvalidOperationException($"{c.Id} is busy"));
                return;
            }
            _single = tcs;
            Submit(now, c, op);
            _singleRequest = c.OutstandingRequest;
        });
        var done = await Task.WhenAny(tcs.Task, Task.Delay(timeout)).ConfigureAwait(false);
        return done == tcs.Task ? await tcs.Task.ConfigureAwait(false) : null;
    }

    /// <summary>The longest wait for a reply so far, in nanoseconds, then starts over (any thread).</summary>
    public long TakeMaxWaitNs() => (long)(Interlocked.Exchange(ref _maxWaitTicks, 0) * NsPerTick);

    public static long TicksToNs(long ticks) => (long)(ticks * NsPerTick);

    public static long NowNs() => TicksToNs(Stopwatch.GetTimestamp());

    private void SubmitNext(long now, Role role)
    {
        var c = (Client)role;
        if (!_loop || !c.Idle) return;
        Submit(now, c, _next());
    }

    private void Submit(long now, Client c, Operation op)
    {
        _invokedTicks = Stopwatch.GetTimestamp();
        c.Submit(now, op);
    }

    /// <summary>The client's invokes and accepted replies: history, latency, and the next request of the loop.</summary>
    private void OnCall(long nowUs, ClientCall x)
    {
        if (!x.Answered)
        {
            _history?.Add(x.ToHistory(_client.Id, x.RequestNum, TicksToNs(_invokedTicks)));
            return;
        }
        var at = Stopwatch.GetTimestamp();
        var waited = at - _invokedTicks;
        if (_recording) Latency.Record(TicksToNs(waited));
        if (waited > Volatile.Read(ref _maxWaitTicks)) Volatile.Write(ref _maxWaitTicks, waited);
        _history?.Add(x.ToHistory(_client.Id, x.RequestNum, TicksToNs(at)));
        if (x.Result.Refused) Volatile.Write(ref _refused, _refused + 1);
        Volatile.Write(ref _completed, _completed + 1);
        if (_single is { } s && x.RequestNum == _singleRequest)
        {
            _single = null;
            s.TrySetResult(x.Result);
        }
        if (_loop)
        {
            _host.Invoke(_submitNext);
        }
        else if (_idle is { } idle)
        {
            _idle = null;
            idle.TrySetResult();
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
