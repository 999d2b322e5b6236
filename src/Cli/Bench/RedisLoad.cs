using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using FtCore.Transport.Tcp;

namespace FtCore.Demo.Bench;

/// <summary>
/// One closed-loop Redis client of <see cref="RedisLoad"/>: one connection to the master, one
/// request outstanding. A request is `INCR key` and `WAIT 2 0` in one write; it is finished when
/// WAIT's reply arrives. Touched only by the load's thread (the counters are read by others).
/// </summary>
internal sealed class RedisLoadClient
{
    public RedisLoadClient(Socket? socket)
    {
        Socket = socket;
        Fd = socket is null ? -1 : (int)socket.Handle;
    }

    /// <summary>The connection to the master (null in a unit test of the reply handling).</summary>
    public Socket? Socket { get; }

    public int Fd { get; }

    public RespParser Parser { get; } = new();

    /// <summary>Latencies of the requests finished while recording was on (one writer: the load's thread).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Replies still expected for the request outstanding: 2 (INCR, WAIT), 1 (WAIT), 0 when idle.</summary>
    public int Expecting;

    public long InvokedTicks;

    /// <summary>Requests finished (WAIT answered, whatever it answered).</summary>
    public long Completed;

    /// <summary>INCRs Redis acknowledged with an integer: what the final counter must equal.</summary>
    public long AckedIncrs;

    /// <summary>WAITs that answered fewer than 2 replicas.</summary>
    public long WaitShort;

    /// <summary>Error replies (to INCR or WAIT).</summary>
    public long Errors;

    /// <summary>Why the connection broke, or null.</summary>
    public string? Broken;

    /// <summary>
    /// Takes what the master sent (any split of the reply stream): INCR's reply counts as
    /// acknowledged when it is an integer, WAIT's finishes the request (fewer than 2 replicas or an
    /// error is a failure, counted). True when the request finished, so the next one may go.
    /// </summary>
    public bool Consume(ReadOnlySpan<byte> data, bool recording)
    {
        var pos = 0;
        var finished = false;
        while (Parser.TryNext(data, ref pos, out var reply))
        {
            if (Expecting == 0 || finished) throw new RespProtocolException($"a reply with no request outstanding: {reply}");
            if (Expecting == 2)
            {
                if (reply.Kind == RespKind.Integer) AckedIncrs++;
                else Errors++;
                Expecting = 1;
                continue;
            }
            var waited = Stopwatch.GetTimestamp() - InvokedTicks;
            if (reply.Kind != RespKind.Integer) Errors++;
            else if (reply.Integer < RedisLoad.WaitReplicas) WaitShort++;
            if (recording) Latency.Record(BenchClient.TicksToNs(waited));
            Volatile.Write(ref Expecting, 0);
            Volatile.Write(ref Completed, Completed + 1);
            finished = true;
        }
        return finished;
    }
}

/// <summary>
/// N closed-loop Redis clients on one thread of this process, the way the FtCore bench's clients
/// all run on its one reactor thread: level-triggered epoll over their sockets, each ready socket
/// read once per wake-up, the next request written (non-blocking, one send) as soon as a WAIT
/// reply is parsed. Latency is the time from that write to WAIT's reply on the monotonic clock,
/// recorded into the same <see cref="LatencyHistogram"/> the FtCore bench clients use.
/// </summary>
internal sealed partial class RedisLoad : IDisposable
{
    public const string Key = "ftcore-bench";
    public const int WaitReplicas = 2;
    private const int MaxEvents = 256;
    private static readonly byte[] Request = [.. RespParser.Command("INCR", Key), .. RespParser.Command("WAIT", "2", "0")];

    private readonly List<RedisLoadClient> _clients = [];
    private readonly int _epoll;
    private readonly Thread _thread;
    private volatile bool _loop;
    private volatile bool _recording;
    private volatile bool _quit;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _failure;

    public RedisLoad(IPEndPoint master, int clients)
    {
        if (!Native.Supported) throw new BenchFailedException("--vs-redis runs on Linux (x86-64 or arm64) only");
        _epoll = Native.EpollCreate1(Native.EpollCloexec);
        if (_epoll < 0) throw new BenchFailedException($"epoll_create1 failed, errno {Marshal.GetLastPInvokeError()}");
        try
        {
            for (var i = 0; i < clients; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                s.Connect(master);
                s.Blocking = false;
                var c = new RedisLoadClient(s);
                _clients.Add(c);
                if (!Native.Control(_epoll, Native.EpollCtlAdd, c.Fd, Native.EpollIn | Native.EpollRdHup, (ulong)i))
                {
                    throw new BenchFailedException($"epoll_ctl failed, errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }
        catch
        {
            foreach (var c in _clients) c.Socket?.Dispose();
            _ = Close(_epoll);
            throw;
        }
        _thread = new Thread(Loop) { IsBackground = true, Name = "ftcore redis load" };
        _thread.Start();
    }

    public IReadOnlyList<RedisLoadClient> Clients => _clients;

    /// <summary>Whether requests finished from now on go into the clients' histograms.</summary>
    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    public long Completed() => _clients.Sum(c => Volatile.Read(ref c.Completed));

    /// <summary>Why the load thread stopped on its own (a broken connection, a protocol error), or null.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>Starts the closed loop: every client sends its first request (on the load's thread, at its next wake-up).</summary>
    public void StartLoop() => _loop = true;

    /// <summary>No new requests; completes once none is outstanding (false after <paramref name="timeout"/>).</summary>
    public async Task<bool> StopLoopAsync(TimeSpan timeout)
    {
        _loop = false;
        var sw = Stopwatch.StartNew();
        while (_clients.Any(c => Volatile.Read(ref c.Expecting) > 0 && Volatile.Read(ref c.Broken) is null))
        {
            if (sw.Elapsed > timeout || _exited.Task.IsCompleted) return false;
            await Task.Delay(5).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Requests still outstanding (after <see cref="StopLoopAsync"/> timed out): never answered.</summary>
    public int Outstanding() => _clients.Count(c => Volatile.Read(ref c.Expecting) > 0);

    private unsafe void Loop()
    {
        var size = Native.EventSize;
        var dataAt = Native.EventDataOffset;
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * size));
        var buffer = new byte[64 * 1024];
        try
        {
            var wasLooping = false;
            while (!_quit)
            {
                if (_loop && !wasLooping)
                {
                    foreach (var c in _clients) Send(c); // the first request of each client
                }
                wasLooping = _loop;
                // A short timeout: the loop notices Start, Stop and Dispose without a wake-up fd; under load it never waits that long.
                var n = Native.EpollWait(_epoll, events, MaxEvents, 10);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Native.EIntr) continue;
                    throw new BenchFailedException($"epoll_wait failed, errno {Marshal.GetLastPInvokeError()}");
                }
                for (var i = 0; i < n; i++)
                {
                    var token = *(ulong*)(events + (i * size) + dataAt);
                    OnReadable(_clients[(int)token], buffer);
                }
            }
        }
        catch (Exception e) when (e is BenchFailedException or RespProtocolException)
        {
            Volatile.Write(ref _failure, e.Message);
        }
        finally
        {
            NativeMemory.Free(events);
            _exited.TrySetResult();
        }
    }

    private unsafe void OnReadable(RedisLoadClient c, byte[] buffer)
    {
        if (c.Broken is not null) return;
        int n;
        fixed (byte* b = buffer) n = (int)Native.Recv(c.Fd, b, buffer.Length, Native.MsgDontWait);
        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Native.EAgain or Native.EIntr) return;
            Break(c, $"recv failed: {Native.ErrorName(errno)}");
            return;
        }
        if (n == 0)
        {
            Break(c, "Redis closed the connection");
            return;
        }
        var finished = c.Consume(buffer.AsSpan(0, n), _recording);
        if (finished && _loop) Send(c);
    }

    private unsafe void Send(RedisLoadClient c)
    {
        if (c.Broken is not null || c.Expecting != 0) return;
        c.Expecting = 2;
        c.InvokedTicks = Stopwatch.GetTimestamp();
        nint sent;
        fixed (byte* b = Request) sent = Native.Send(c.Fd, b, Request.Length, Native.MsgDontWait | Native.MsgNoSignal);
        // One request outstanding: the socket's send buffer is empty, so the whole request goes at once.
        if (sent != Request.Length) Break(c, sent < 0 ? $"send failed: {Native.ErrorName(Marshal.GetLastPInvokeError())}" : $"a partial send ({sent} of {Request.Length} bytes)");
    }

    /// <summary>The connection is unusable: out of the epoll set (level-triggered, it would fire forever); its request counts as unanswered.</summary>
    private void Break(RedisLoadClient c, string why)
    {
        Native.Control(_epoll, Native.EpollCtlDel, c.Fd, 0, 0);
        Volatile.Write(ref c.Broken, why);
    }

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    public void Dispose()
    {
        _quit = true;
        if (_thread is not null && _thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(5));
        foreach (var c in _clients) c.Socket?.Dispose();
        _ = Close(_epoll);
    }
}
