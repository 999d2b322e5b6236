using System.Diagnostics;
using System.Text;
using FtCore.Core.Effects;
using FtCore.Core.App;
using FtCore.Core.Events;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Sim;
using FtCore.Transport.Tcp;
using Microsoft.Extensions.Logging;

namespace FtCore.Demo.Live;

/// <summary>
/// Drives a client role on its host: in auto mode a closed loop (next request after the reply and
/// an optional pause), in manual mode one request per typed line. Records the history (JSON
/// lines, docs/design.md "History file"; the monotonic clock in nanoseconds) and counts completions.
/// </summary>
internal sealed class ClientDriver : IDisposable
{
    private readonly Client _client;
    private readonly Func<Operation>? _next;
    private readonly long _intervalMs;
    private readonly long _maxRequests;
    private readonly StreamWriter? _history;
    private readonly object _historyGate = new();
    private readonly Timer? _historyFlush;
    private RoleHost? _host;
    private long _submitted;
    private long _completed;
    private volatile bool _stopping;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClientDriver(Client client, bool auto, long intervalMs, long maxRequests, string? historyPath, ulong seed)
    {
        _client = client;
        _intervalMs = intervalMs;
        _maxRequests = maxRequests;
        if (auto)
        {
            var random = new Prng(seed);
            _next = () => client.App.NextOperation(random);
        }
        if (historyPath is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(historyPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            _history = new StreamWriter(historyPath, append: false, new UTF8Encoding(false), 1 << 16);
            _historyFlush = new Timer(_ => FlushHistory(), null, 200, 200);
        }
    }

    public long Completed => Interlocked.Read(ref _completed);

    public long Submitted => Interlocked.Read(ref _submitted);

    /// <summary>Completes when stopping and no request is outstanding.</summary>
    public Task Drained => _drained.Task;

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Auto mode with a count: completes once that many requests are answered.</summary>
    public Task Finished => _finished.Task;

    private ILogger? _log;

    /// <summary>Connects the driver to its host; <paramref name="log"/> gets a line with each reply's result.</summary>
    public void Attach(RoleHost host, ILogger? log = null)
    {
        _host = host;
        _log = log is not null && log.IsEnabled(LogLevel.Information) ? log : null;
    }

    /// <summary>The host's hook for the client's invokes and accepted replies: history, and the next request in auto mode.</summary>
    public void OnCall(long nowUs, ClientCall x)
    {
        if (!x.Answered)
        {
            Record(x.ToHistory(_client.Id, RequestNumbers.Display(x.RequestNum), MonotonicNs()));
            return;
        }
        _log?.Log(LogLevel.Information, LogEvents.Line, $"request_num {RequestNumbers.Display(x.RequestNum)}: reply from {x.Replica}: {x.App.Describe(x.Op)} = {x.App.DescribeResult(x.Op, x.Result)}", null, static (t, _) => t);
        Record(x.ToHistory(_client.Id, RequestNumbers.Display(x.RequestNum), MonotonicNs()));
        if (Interlocked.Increment(ref _completed) >= _maxRequests && _maxRequests > 0 && _next is not null) _finished.TrySetResult();
        if (_next is not null && !_stopping) ScheduleNext();
        else if (_next is null && Queued > 0 && !_stopping) _host!.Invoke((now, role) => SubmitTyped(now, (Client)role));
        else if (_stopping) _drained.TrySetResult();
    }

    /// <summary>Auto mode: the first request, once the host runs.</summary>
    public void StartAuto()
    {
        if (_next is not null) ScheduleNext();
    }

    /// <summary>Manual mode: submits <paramref name="op"/> now, or after the requests typed before it are answered.</summary>
    public void SubmitManual(Operation op)
    {
        lock (_typed) _typed.Enqueue(op);
        _host!.Invoke((now, role) => SubmitTyped(now, (Client)role));
    }

    private readonly Queue<Operation> _typed = new();

    private void SubmitTyped(long now, Client c)
    {
        if (!c.Idle || _stopping) return;
        Operation op;
        lock (_typed)
        {
            if (!_typed.TryDequeue(out op)) return;
        }
        Interlocked.Increment(ref _submitted);
        c.Submit(now, op);
    }

    /// <summary>Typed requests not yet sent.</summary>
    public int Queued
    {
        get { lock (_typed) return _typed.Count; }
    }

    private void ScheduleNext()
    {
        if (_maxRequests > 0 && Submitted >= _maxRequests) return;
        if (_intervalMs <= 0)
        {
            SubmitNext();
            return;
        }
        _ = Task.Delay(TimeSpan.FromMilliseconds(_intervalMs)).ContinueWith(_ => SubmitNext(), TaskScheduler.Default);
    }

    private void SubmitNext() => _host!.Invoke((now, role) =>
    {
        var c = (Client)role;
        if (_stopping || !c.Idle) return;
        if (_maxRequests > 0 && Submitted >= _maxRequests) return;
        Interlocked.Increment(ref _submitted);
        c.Submit(now, _next!());
    });

    /// <summary>No new requests; <see cref="Drained"/> completes once the outstanding one is answered.</summary>
    public void Stop()
    {
        _stopping = true;
        _host?.Invoke((_, role) =>
        {
            if (((Client)role).Idle) _drained.TrySetResult();
        });
    }

    private void Record(HistoryEvent e)
    {
        if (_history is null) return;
        var line = HistoryJson.ToJsonLine(e, _client.App);
        lock (_historyGate) _history.WriteLine(line);
    }

    public void FlushHistory()
    {
        if (_history is null) return;
        lock (_historyGate) _history.Flush();
    }

    /// <summary>The monotonic clock every process on this machine shares (CLOCK_MONOTONIC), in nanoseconds.</summary>
    public static long MonotonicNs() => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    public void Dispose()
    {
        _historyFlush?.Dispose();
        lock (_historyGate) _history?.Dispose();
    }
}
