using System.Buffers;
using System.Net;
using System.Net.Sockets;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Wire;

namespace FtCore.Transport.Tests.Support;

/// <summary>
/// A test's own end of one TCP connection to a host: sends exactly the bytes it is given (frames
/// or garbage), reads frames back with <see cref="MessageCodec.TryReadFrame"/>, and tells whether
/// the host closed it.
/// </summary>
internal sealed class RawPeer : IDisposable
{
    private readonly byte[] _chunk = new byte[64 * 1024];
    private byte[] _pending = new byte[64 * 1024];
    private int _pendingBytes;

    private RawPeer(Socket socket)
    {
        Socket = socket;
        Local = ((IPEndPoint)socket.LocalEndPoint!).ToString();
    }

    public Socket Socket { get; }

    /// <summary>This end's address:port, as the host names it in its lines.</summary>
    public string Local { get; }

    public static async Task<RawPeer> ConnectAsync(IPEndPoint host)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cts = new CancellationTokenSource(Poll.Deadline);
            await s.ConnectAsync(host, cts.Token);
            return new RawPeer(s);
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>Connects and says who it is, as every well-behaved peer does first.</summary>
    public static async Task<RawPeer> HelloAsync(IPEndPoint host, NodeId from)
    {
        var p = await ConnectAsync(host);
        await p.SendAsync(new Hello(from));
        return p;
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var n = await Socket.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[n..];
        }
    }

    public Task SendAsync(Message m) => SendAsync(MessageCodec.Encode(m));

    /// <summary>
    /// Sends bad input: the host may close the connection (even with a reset) as soon as it has
    /// seen enough, before the rest is written; that is its right, not a test failure.
    /// </summary>
    public async Task SendBadAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await SendAsync(bytes);
        }
        catch (SocketException)
        {
        }
    }

    /// <summary>Sends every byte in its own write.</summary>
    public async Task SendByteByByteAsync(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++) await SendAsync(bytes.AsMemory(i, 1));
    }

    /// <summary>Our side is done sending (FIN); the host can still answer and close.</summary>
    public void ShutdownSend()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The host closed first: nothing left to tell it.
        }
    }

    /// <summary>The next frame from the host; throws when none comes before the deadline or the host closes.</summary>
    public async Task<Message> ReadFrameAsync(TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? Poll.Deadline);
        while (true)
        {
            var buffer = new ReadOnlySequence<byte>(_pending, 0, _pendingBytes);
            if (MessageCodec.TryReadFrame(ref buffer, out var m))
            {
                var rest = (int)buffer.Length;
                Array.Copy(_pending, _pendingBytes - rest, _pending, 0, rest);
                _pendingBytes = rest;
                return m;
            }
            int n;
            try
            {
                n = await Socket.ReceiveAsync(_chunk, SocketFlags.None, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no frame from the host on {Local} within {(deadline ?? Poll.Deadline).TotalSeconds:0.#} s");
            }
            if (n == 0) throw new InvalidOperationException($"the host closed {Local} while a frame was awaited");
            if (_pendingBytes + n > _pending.Length) Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingBytes + n));
            _chunk.AsSpan(0, n).CopyTo(_pending.AsSpan(_pendingBytes));
            _pendingBytes += n;
        }
    }

    /// <summary>Reads frames until one matches; the others are skipped.</summary>
    public async Task<T> ReadUntilAsync<T>(Func<T, bool>? match = null) where T : Message
    {
        while (true)
        {
            if (await ReadFrameAsync() is T t && (match is null || match(t))) return t;
        }
    }

    /// <summary>
    /// True once the host has closed this connection (end of stream or reset); whatever it sent
    /// before is skipped. False when it is still open at the deadline.
    /// </summary>
    public async Task<bool> ClosedByHostAsync(TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? Poll.Deadline);
        try
        {
            while (true)
            {
                var n = await Socket.ReceiveAsync(_chunk, SocketFlags.None, cts.Token);
                if (n == 0) return true;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return true;
        }
    }

    public void Dispose() => Socket.Dispose();
}
