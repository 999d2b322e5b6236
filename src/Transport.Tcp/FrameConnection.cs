using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Wire;

namespace FtCore.Transport.Tcp;

/// <summary>
/// One TCP connection carrying length-prefixed Core frames. Reading: a PipeReader over the socket,
/// frames decoded in place and handed to the host in batches. Writing: the host's event loop encodes
/// into an outgoing Pipe and flushes once per batch; the Pipe's reader runs inline, so a flush
/// sends at once on the loop's thread while the socket has room and continues on its own when it
/// does not, never blocking the loop.
/// </summary>
internal sealed partial class FrameConnection
{
    /// <summary>Unsent bytes beyond which a peer counts as stuck and its connection is dropped.</summary>
    public const long MaxUnsentBytes = 64L * 1024 * 1024;

    /// <summary>The most a first frame may declare on an inbound connection: it must be a hello, a few bytes.</summary>
    public const int MaxHelloBytes = 256;

    private readonly Socket _socket;
    private readonly Pipe _out;
    private readonly IConnectionOwner _owner;
    private int _closed;
    private bool _dirty;
    private bool _sawFrame;
    private long _partialBytes;
    private long _partialSinceUs;

    public FrameConnection(Socket socket, IConnectionOwner owner, bool inbound, NodeId? peer, PipeScheduler? sendScheduler = null, Reactor? reactor = null)
    {
        _socket = socket;
        _owner = owner;
        _reactor = reactor;
        Inbound = inbound;
        Peer = peer;
        Remote = socket.RemoteEndPoint as IPEndPoint;
        _socket.NoDelay = true;
        _out = new Pipe(new PipeOptions(
            readerScheduler: sendScheduler ?? PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: MaxUnsentBytes,
            resumeWriterThreshold: MaxUnsentBytes / 2,
            useSynchronizationContext: false));
    }

    public bool Inbound { get; }

    /// <summary>Who is at the other end: known from the start when we dialed, from its Hello when it dialed us.</summary>
    public NodeId? Peer { get; set; }

    public IPEndPoint? Remote { get; }

    /// <summary>Set by the host's loop: the host's input count when this connection last carried a frame after its hello (0: none yet).</summary>
    public long LastInput { get; set; }

    /// <summary>Set by the host's loop: when the connection opened, for the hello deadline.</summary>
    public long OpenedUs { get; set; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Bytes of an incomplete frame received so far; 0 between frames.</summary>
    public long PartialBytes => Volatile.Read(ref _partialBytes);

    /// <summary>When the last bytes of the incomplete frame arrived (host microseconds).</summary>
    public long PartialSinceUs => Volatile.Read(ref _partialSinceUs);

    public string Describe() => Peer is { } p ? $"{p} ({Remote})" : $"{Remote}";

    /// <summary>Starts the reader and the sender; call once.</summary>
    public void Start()
    {
        if (_reactor is not null)
        {
            StartOnReactor();
            return;
        }
        _ = PumpAsync();
        _ = ReadAsync();
    }

    /// <summary>Encodes one frame into the outgoing buffer. Loop thread only.</summary>
    public void Write(Message m)
    {
        if (IsClosed) return;
        MessageCodec.Encode(m, _out.Writer);
        _dirty = true;
    }

    /// <summary>Sends what <see cref="Write"/> buffered. Loop thread only. False when the peer is stuck.</summary>
    public bool Flush()
    {
        if (!_dirty || IsClosed) return true;
        _dirty = false;
        var flush = _out.Writer.FlushAsync();
        if (_reactor is not null && !_wantWrite) SendBuffered();
        if (flush.IsCompleted) return true;
        // More than MaxUnsentBytes wait for a peer that does not read: let it go.
        flush.AsTask().ContinueWith(static _ => { }, TaskScheduler.Default);
        return false;
    }

    /// <summary>Closes once; true for the call that closed it, so only that one reports why.</summary>
    public bool Close(string? reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return false;
        if (_reactor is not null && Token != 0) _reactor.Unregister(this, _fd);
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Dispose();
        if (_reactor is not null) ReleaseBuffers();
        _out.Reader.CancelPendingRead();
        _owner.OnClosed(this, reason);
        return true;
    }

    private async Task PumpAsync()
    {
        var reader = _out.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled || IsClosed) break;
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var rest = segment;
                    while (!rest.IsEmpty)
                    {
                        var n = await _socket.SendAsync(rest, SocketFlags.None).ConfigureAwait(false);
                        rest = rest[n..];
                    }
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (SocketException e)
        {
            Close(e.SocketErrorCode.ToString());
        }
        catch (ObjectDisposedException)
        {
            Close(null);
        }
        catch (InvalidOperationException)
        {
            Close(null);
        }
    }

    private async Task ReadAsync()
    {
        var batch = new List<Message>(64);
        PipeReader? reader = null;
        try
        {
            reader = PipeReader.Create(new NetworkStream(_socket, ownsSocket: false),
                new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
            while (!IsClosed)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    if (!_sawFrame && Inbound) CheckFirstFrame(buffer);
                    while (MessageCodec.TryReadFrame(ref buffer, out var m)) batch.Add(m);
                }
                catch (DecodeException e)
                {
                    if (batch.Count > 0) _owner.OnFrames(this, batch);
                    if (Close("bad input")) _owner.OnBadInput(this, e.Message);
                    return;
                }
                if (batch.Count > 0) _sawFrame = true;
                if (result.IsCompleted && !buffer.IsEmpty)
                {
                    if (batch.Count > 0) _owner.OnFrames(this, batch);
                    if (Close("truncated frame")) _owner.OnBadInput(this, $"connection closed inside a frame ({buffer.Length} bytes of a truncated frame)");
                    return;
                }
                // For the host's sweep: a frame begun and not finished, and since when nothing more came.
                if (!buffer.IsEmpty) Volatile.Write(ref _partialSinceUs, _owner.NowUs);
                Volatile.Write(ref _partialBytes, buffer.Length);
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (batch.Count > 0)
                {
                    _owner.OnFrames(this, batch);
                    batch.Clear();
                }
                if (result.IsCompleted) break;
            }
            Close("closed by peer");
        }
        catch (IOException e)
        {
            Close(e.InnerException is SocketException se ? se.SocketErrorCode.ToString() : e.Message);
        }
        catch (SocketException e)
        {
            Close(e.SocketErrorCode.ToString());
        }
        catch (ObjectDisposedException)
        {
            Close(null);
        }
        finally
        {
            if (reader is not null) await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An inbound connection's first frame must be a hello: refuse a larger declared length at once,
    /// so a stranger cannot make us buffer up to the frame limit before saying who it is.
    /// </summary>
    internal static void CheckFirstFrame(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < WireFormat.LengthPrefixBytes) return;
        Span<byte> prefix = stackalloc byte[WireFormat.LengthPrefixBytes];
        buffer.Slice(0, WireFormat.LengthPrefixBytes).CopyTo(prefix);
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (declared > MaxHelloBytes) throw new DecodeException($"first frame declares {declared} bytes; a hello is at most {MaxHelloBytes}");
    }
}

/// <summary>What a connection reports to its host. Called on the connection's reader thread.</summary>
internal interface IConnectionOwner
{
    /// <summary>The host's clock, microseconds.</summary>
    long NowUs { get; }

    /// <summary>Decoded frames, in order; the list is reused after the call returns.</summary>
    void OnFrames(FrameConnection c, List<Message> frames);

    void OnBadInput(FrameConnection c, string reason);

    /// <summary>Too many inputs wait already: read no more for now (the reactor asks before each read).</summary>
    bool Backlogged { get; }

    void OnClosed(FrameConnection c, string? reason);
}
