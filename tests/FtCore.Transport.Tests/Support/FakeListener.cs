using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Wire;

namespace FtCore.Transport.Tests.Support;

/// <summary>One frame a <see cref="FakeListener"/> received: on which of its connections, from whom (its Hello).</summary>
internal readonly record struct Received(int Connection, NodeId? From, Message Message);

/// <summary>
/// Stands in for a listening process the host under test dials (an LFD, the GFD, the RM): accepts
/// connections on that address and records every frame, in order, with the sender its Hello named.
/// </summary>
internal sealed class FakeListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly object _gate = new();
    private readonly List<Received> _received = [];
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private FakeListener(IPEndPoint address)
    {
        Address = address;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(address);
        _listener.Listen(128);
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint Address { get; }

    public static FakeListener Start(IPEndPoint address) => new(address);

    public IReadOnlyList<Received> Received
    {
        get
        {
            lock (_gate) return _received.ToArray();
        }
    }

    public int Connections
    {
        get
        {
            lock (_gate) return _accepted.Count;
        }
    }

    /// <summary>The first received message of type T that matches, waiting for it until the deadline.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null) where T : Message
    {
        T? found = null;
        await Poll.UntilAsync(() =>
        {
            found = Received.Select(r => r.Message).OfType<T>().FirstOrDefault(m => match is null || match(m));
            return found is not null;
        }, () => $"a {typeof(T).Name} at the fake {Address}; received: {string.Join(", ", Received.TakeLast(10).Select(r => r.Message.Kind))}");
        return found!;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket s;
            try
            {
                s = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            int index;
            lock (_gate)
            {
                index = _accepted.Count;
                _accepted.Add(s);
            }
            _ = ReadLoopAsync(s, index);
        }
    }

    private async Task ReadLoopAsync(Socket s, int index)
    {
        NodeId? from = null;
        var reader = PipeReader.Create(new NetworkStream(s, ownsSocket: false));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_stop.Token);
                var buffer = result.Buffer;
                while (MessageCodec.TryReadFrame(ref buffer, out var m))
                {
                    if (from is null && m is Hello h) from = h.From;
                    lock (_gate) _received.Add(new Received(index, from, m));
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>Closes the listener and every connection, as a process that died would.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        lock (_gate)
        {
            foreach (var s in _accepted) s.Dispose();
        }
        _stop.Dispose();
    }
}
