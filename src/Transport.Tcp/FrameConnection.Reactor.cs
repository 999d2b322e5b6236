using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using FtCore.Core.Messages;
using FtCore.Core.Wire;

namespace FtCore.Transport.Tcp;

/// <summary>
/// The connection on a <see cref="Reactor"/>: the reactor thread reads the socket into an inbound
/// Pipe when epoll says it is readable and decodes whole frames from it; the host's loop (on the
/// same thread) writes frames into the outgoing Pipe and sends them with non-blocking sends,
/// leaving the rest to the reactor when the socket's buffer is full.
/// </summary>
internal sealed partial class FrameConnection
{
    /// <summary>The inbound Pipe's buffers: a whole batch of small frames, or a good part of a large one.</summary>
    private const int SegmentSize = 64 * 1024;

    /// <summary>
    /// The least room a read asks for. Small, so a read fills the rest of the current buffer: a
    /// frame that trickles in a byte at a time costs its own size, not a fresh buffer per read.
    /// </summary>
    private const int MinReadSize = 4096;

    private readonly Reactor? _reactor;
    private int _fd = -1;
    private Pipe? _in;
    private List<Message>? _frames;
    private bool _wantWrite;

    /// <summary>The reactor's key for this connection.</summary>
    public ulong Token { get; set; }

    private void StartOnReactor()
    {
        if (IsClosed) return;
        _fd = (int)_socket.SafeHandle.DangerousGetHandle();
        _in = new Pipe(new PipeOptions(pauseWriterThreshold: 0, minimumSegmentSize: SegmentSize, useSynchronizationContext: false));
        _frames = new List<Message>(64);
        if (!_reactor!.Register(this, _fd)) Close($"cannot watch the socket (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>Reactor thread: the socket has input (or an error, or the end). One read per wake-up: level-triggered epoll calls again while more is there.</summary>
    public unsafe void OnReadable()
    {
        // A host behind on its input is not read: level-triggered epoll reports the socket again
        // next round, after the host has run a batch.
        if (IsClosed || _owner.Backlogged) return;
        var writer = _in!.Writer;
        var memory = writer.GetMemory(MinReadSize);
        nint n;
        using (var pin = memory.Pin())
        {
            do n = Native.Recv(_fd, (byte*)pin.Pointer, memory.Length, Native.MsgDontWait);
            while (n < 0 && Marshal.GetLastPInvokeError() == Native.EIntr);
        }
        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Native.EAgain) Close(Native.ErrorName(errno));
            return;
        }
        var ended = n == 0;
        writer.Advance((int)n);
        var flushed = writer.FlushAsync(); // no pause threshold: completes at once
        if (!flushed.IsCompleted) throw new InvalidOperationException("inbound pipe paused");
        flushed.GetAwaiter().GetResult();
        if (!_in.Reader.TryRead(out var result))
        {
            // Nothing new (everything buffered was examined already): at the end, what is left is a truncated frame or nothing.
            if (ended) EndOfInput(PartialBytes);
            return;
        }
        var buffer = result.Buffer;
        var frames = _frames!;
        try
        {
            if (!_sawFrame && Inbound) CheckFirstFrame(buffer);
            while (MessageCodec.TryReadFrame(ref buffer, out var m)) frames.Add(m);
        }
        catch (DecodeException e)
        {
            Deliver(frames);
            if (Close("bad input")) _owner.OnBadInput(this, e.Message);
            return;
        }
        if (frames.Count > 0) _sawFrame = true;
        if (ended && !buffer.IsEmpty)
        {
            Deliver(frames);
            EndOfInput(buffer.Length);
            return;
        }
        if (!buffer.IsEmpty) Volatile.Write(ref _partialSinceUs, _owner.NowUs);
        Volatile.Write(ref _partialBytes, buffer.Length);
        _in.Reader.AdvanceTo(buffer.Start, buffer.End);
        Deliver(frames);
        if (ended) Close("closed by peer");
    }

    /// <summary>On close (reactor thread): the Pipes' buffers go back to their pool.</summary>
    private void ReleaseBuffers()
    {
        // Safe from inside OnReadable and SendBuffered: completing ends a read in progress; Write
        // and Flush check IsClosed before they touch the outgoing Pipe.
        _in?.Writer.Complete();
        _in?.Reader.Complete();
        _out.Reader.Complete();
        _out.Writer.Complete();
    }

    private void EndOfInput(long partial)
    {
        if (partial == 0) Close("closed by peer");
        else if (Close("truncated frame")) _owner.OnBadInput(this, $"connection closed inside a frame ({partial} bytes of a truncated frame)");
    }

    private void Deliver(List<Message> frames)
    {
        if (frames.Count == 0) return;
        _owner.OnFrames(this, frames);
        frames.Clear();
    }

    /// <summary>Reactor thread: the socket has room again.</summary>
    public void OnWritable()
    {
        if (IsClosed) return;
        SendBuffered();
    }

    /// <summary>Loop or reactor thread (the same one): sends what the outgoing Pipe holds until done or the socket is full.</summary>
    private unsafe void SendBuffered()
    {
        var reader = _out.Reader;
        if (!reader.TryRead(out var result)) return;
        var buffer = result.Buffer;
        long sent = 0;
        var full = false;
        foreach (var segment in buffer)
        {
            using var pin = segment.Pin();
            var p = (byte*)pin.Pointer;
            var left = segment.Length;
            while (left > 0)
            {
                var n = Native.Send(_fd, p, left, Native.MsgDontWait | Native.MsgNoSignal);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Native.EIntr) continue;
                    if (errno == Native.EAgain)
                    {
                        full = true;
                        break;
                    }
                    reader.AdvanceTo(buffer.GetPosition(sent));
                    Close(Native.ErrorName(errno));
                    return;
                }
                p += n;
                left -= (int)n;
                sent += n;
            }
            if (full) break;
        }
        reader.AdvanceTo(buffer.GetPosition(sent));
        if (full != _wantWrite)
        {
            _wantWrite = full;
            if (!_reactor!.WatchWritable(this, _fd, full)) Close($"cannot watch the socket (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
