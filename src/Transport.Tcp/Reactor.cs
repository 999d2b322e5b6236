using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FtCore.Transport.Tcp;

/// <summary>
/// One thread per process that owns every connection of every <see cref="RoleHost"/> in it (Linux):
/// it waits in epoll (level-triggered) for all their sockets at once, reads each ready socket once,
/// hands the decoded frames to their hosts' queues, and only when the whole round has been read
/// runs each host that got input. So a host handles everything that arrived together as one
/// batch, and its role orders and acknowledges it with one message per peer, not one per request;
/// a socket is read once per wake-up (no read that only finds it empty), and writes are
/// plain non-blocking sends from the loop, finished by the reactor when a socket's buffer is full.
/// Other threads (timers, the accept loop, dialers, local commands) post to a host's queue and
/// wake the reactor through an eventfd. Elsewhere than Linux, hosts run on .NET's socket engine.
/// </summary>
internal sealed class Reactor
{
    private const int MaxEvents = 256;
    private const ulong WakeToken = ulong.MaxValue;

    private static readonly Lazy<Reactor?> SharedReactor = new(Create);

    /// <summary>The process's reactor; null where it cannot run, or with FTCORE_TRANSPORT=async.</summary>
    public static Reactor? Shared => SharedReactor.Value;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;

    private readonly object _gate = new();
    private List<RoleHost> _runnable = [];
    private List<RoleHost> _running = [];
    private bool _signaled;

    // Connections by token; added by any thread, read and removed on the reactor thread (and by Close, which runs there).
    private readonly object _connectionsGate = new();
    private readonly Dictionary<ulong, FrameConnection> _connections = [];
    private readonly Dictionary<ulong, (int Fd, TaskCompletionSource Done)> _connects = [];
    private ulong _nextToken;

    private Reactor(int epoll, int wake)
    {
        _epoll = epoll;
        _wake = wake;
        _thread = new Thread(Loop) { IsBackground = true, Name = "ftcore reactor" };
        _thread.Start();
    }

    private static Reactor? Create()
    {
        if (!Native.Supported || Environment.GetEnvironmentVariable("FTCORE_TRANSPORT") == "async") return null;
        try
        {
            return CreateOnLinux();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // a libc without these calls: .NET's socket engine serves
        }
    }

    private static Reactor? CreateOnLinux()
    {
        var epoll = Native.EpollCreate1(Native.EpollCloexec);
        if (epoll < 0) return null;
        var wake = Native.EventFd(0, Native.EfdCloexec | Native.EfdNonblock);
        if (wake < 0 || !Native.Control(epoll, Native.EpollCtlAdd, wake, Native.EpollIn, WakeToken)) return null;
        return new Reactor(epoll, wake);
    }

    public bool OnReactorThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>Has <paramref name="host"/> run its loop on the reactor thread soon. Any thread; once per run (the host's own flag).</summary>
    public unsafe void Schedule(RoleHost host)
    {
        lock (_gate)
        {
            _runnable.Add(host);
            if (_signaled || OnReactorThread) return; // the reactor runs it after the round it is in
            _signaled = true;
        }
        ulong one = 1;
        Native.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    /// <summary>
    /// Connects without .NET's socket engine, which would otherwise watch the socket too (and wake
    /// for every frame on it): a non-blocking connect, completed when epoll says the socket is writable.
    /// </summary>
    public Task ConnectAsync(Socket s, IPEndPoint to, CancellationToken cancel)
    {
        s.Blocking = false;
        try
        {
            s.Connect(to);
            return Task.CompletedTask;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress) { }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fd = (int)s.SafeHandle.DangerousGetHandle();
        ulong token;
        lock (_connectionsGate)
        {
            token = ++_nextToken;
            _connects[token] = (fd, done);
        }
        if (!Native.Control(_epoll, Native.EpollCtlAdd, fd, Native.EpollOut, token))
        {
            lock (_connectionsGate) _connects.Remove(token);
            return Task.FromException(new SocketException((int)Native.ToSocketError(Marshal.GetLastPInvokeError())));
        }
        return WaitConnectAsync(token, done.Task, cancel);
    }

    private async Task WaitConnectAsync(ulong token, Task connected, CancellationToken cancel)
    {
        try
        {
            await connected.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_connectionsGate)
            {
                if (_connects.Remove(token, out var pending)) Native.Control(_epoll, Native.EpollCtlDel, pending.Fd, 0, 0);
            }
            // Completed just as it timed out: nobody waits for that outcome any more.
            _ = connected.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    private void OnConnectReady(ulong token)
    {
        (int Fd, TaskCompletionSource Done) pending;
        int error;
        lock (_connectionsGate)
        {
            if (!_connects.Remove(token, out pending)) return; // timed out meanwhile
            // Under the lock: a dialer that timed out meanwhile closes the socket only after it.
            Native.Control(_epoll, Native.EpollCtlDel, pending.Fd, 0, 0);
            error = Native.SocketError(pending.Fd);
        }
        if (error == 0) pending.Done.TrySetResult();
        else pending.Done.TrySetException(new SocketException((int)Native.ToSocketError(error)));
    }

    /// <summary>Starts watching a connection's socket for input. Any thread.</summary>
    public bool Register(FrameConnection c, int fd)
    {
        ulong token;
        lock (_connectionsGate)
        {
            token = ++_nextToken;
            _connections[token] = c;
        }
        c.Token = token;
        if (Native.Control(_epoll, Native.EpollCtlAdd, fd, Native.EpollIn | Native.EpollRdHup, token)) return true;
        lock (_connectionsGate) _connections.Remove(token);
        return false;
    }

    /// <summary>Also wake for room to write (a send found the socket's buffer full), or stop doing so.</summary>
    public bool WatchWritable(FrameConnection c, int fd, bool on) =>
        Native.Control(_epoll, Native.EpollCtlMod, fd, Native.EpollIn | Native.EpollRdHup | (on ? Native.EpollOut : 0), c.Token);

    /// <summary>Stops watching; call before the socket is closed.</summary>
    public void Unregister(FrameConnection c, int fd)
    {
        lock (_connectionsGate) _connections.Remove(c.Token);
        Native.Control(_epoll, Native.EpollCtlDel, fd, 0, 0);
    }

    private unsafe void Loop()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * Native.EventSize));
        var size = Native.EventSize;
        var dataAt = Native.EventDataOffset;
        var timeout = -1;
        while (true)
        {
            var n = Native.EpollWait(_epoll, events, MaxEvents, timeout);
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() == Native.EIntr) continue;
                Environment.FailFast($"ftcore reactor: epoll_wait failed, errno {Marshal.GetLastPInvokeError()}");
            }
            var woken = false;
            for (var i = 0; i < n; i++)
            {
                var e = events + i * size;
                var flags = *(uint*)e;
                var token = *(ulong*)(e + dataAt);
                if (token == WakeToken)
                {
                    ulong count;
                    Native.Read(_wake, (byte*)&count, sizeof(ulong));
                    woken = true;
                    continue;
                }
                FrameConnection? c;
                lock (_connectionsGate) _connections.TryGetValue(token, out c);
                if (c is null)
                {
                    OnConnectReady(token); // or a connection closed earlier in this round
                    continue;
                }
                try
                {
                    if ((flags & Native.EpollOut) != 0) c.OnWritable();
                    if ((flags & (Native.EpollIn | Native.EpollRdHup | Native.EpollHup | Native.EpollErr)) != 0) c.OnReadable();
                }
                catch (Exception error) when (error is not OutOfMemoryException)
                {
                    c.Close($"internal error: {error.GetType().Name}: {error.Message}"); // that connection, not the process
                }
            }
            RunHosts(woken);
            lock (_gate) timeout = _runnable.Count > 0 ? 0 : -1; // a host with more to do: look at the sockets, then run it again
        }
    }

    /// <summary>Runs every host that got input in this round or was scheduled from another thread.</summary>
    private void RunHosts(bool woken)
    {
        lock (_gate)
        {
            if (woken) _signaled = false;
            if (_runnable.Count == 0) return;
            (_running, _runnable) = (_runnable, _running);
        }
        // A host scheduled meanwhile (input from a host run here, or a batch that was full) waits for the next round.
        foreach (var host in _running) host.RunScheduled();
        _running.Clear();
    }
}
