using System.Text;

namespace FtCore.Transport.Tcp;

/// <summary>
/// Where a process's lines go: its --log file and/or stdout. Lines are gathered in memory and
/// written to the operating system together, one write per target, on <see cref="Commit"/>. A
/// host commits right before it hands a batch's messages to its sockets, so a line about a
/// message is in the kernel (the file's page cache, the terminal or pipe) before the message can
/// reach a peer: a process killed with kill -9 at any moment leaves in its log every line of every
/// message a peer got. Lines logged outside a host's batch (a launcher, a timer, shutdown) go out
/// within <see cref="StragglerDelay"/>. Nothing logged: Commit costs one read of a flag.
/// </summary>
internal sealed class LineOutput : IDisposable
{
    /// <summary>The longest a line logged outside a batch waits before it is written.</summary>
    public static readonly TimeSpan StragglerDelay = TimeSpan.FromMilliseconds(20);

    private const int InitialBytes = 16 * 1024;

    private readonly object _gate = new();
    private readonly FileStream? _file;
    private readonly Stream? _console;
    private readonly Timer _straggler;
    private byte[] _buffer = new byte[InitialBytes];
    private int _count;
    private int _pending;
    private bool _timerArmed;
    private bool _disposed;

    /// <param name="file">Appended to; null: no file.</param>
    /// <param name="console">Also write to stdout.</param>
    public LineOutput(string? file, bool console)
    {
        if (file is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
            // No buffer of its own: each Write is one write to the kernel.
            _file = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        if (console) _console = Console.OpenStandardOutput(); // unbuffered: a write() per Write
        _straggler = new Timer(static s => ((LineOutput)s!).OnStragglerTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>True when lines go anywhere.</summary>
    public bool HasTargets => _file is not null || _console is not null;

    /// <summary>Adds one line (newline included) to what the next <see cref="Commit"/> writes. Any thread.</summary>
    public void Add(string line)
    {
        lock (_gate)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(line.Length);
            if (_buffer.Length - _count < needed) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + needed));
            _count += Encoding.UTF8.GetBytes(line, _buffer.AsSpan(_count));
            Volatile.Write(ref _pending, 1);
            if (_disposed)
            {
                WriteOut(); // after dispose (a line at exit): at once, to stdout
                return;
            }
            if (!_timerArmed)
            {
                _timerArmed = true;
                _straggler.Change(StragglerDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Writes every line added so far: one write per target. Any thread; free when there is nothing to write.</summary>
    public void Commit()
    {
        if (Volatile.Read(ref _pending) == 0) return;
        lock (_gate) WriteOut();
    }

    private void OnStragglerTimer()
    {
        lock (_gate)
        {
            _timerArmed = false;
            WriteOut();
        }
    }

    private void WriteOut()
    {
        if (_count == 0) return;
        var bytes = _buffer.AsSpan(0, _count);
        Write(_file, bytes);
        Write(_console, bytes);
        _count = 0;
        Volatile.Write(ref _pending, 0);
        if (_buffer.Length > 64 * InitialBytes) _buffer = new byte[InitialBytes]; // a burst does not keep its buffer
    }

    private static void Write(Stream? target, ReadOnlySpan<byte> bytes)
    {
        if (target is null) return;
        try
        {
            target.Write(bytes);
        }
        catch (IOException)
        {
            // A full disk or a closed terminal: the process goes on serving without its lines.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            WriteOut();
        }
        _straggler.Dispose();
        lock (_gate) _file?.Dispose(); // stdout is not ours to close: a line logged after this still goes there

    }
}
