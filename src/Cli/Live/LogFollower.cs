using System.Text;

namespace FtCore.Demo.Live;

/// <summary>
/// Follows a log file like <c>tail -F</c>: each <see cref="Poll"/> returns the complete lines
/// appended since the last one. The file may not exist yet, may be appended by several processes
/// one after the other (a replica's new incarnation appends to the same DIR/Si.log), may be
/// truncated (followed again from its start) or deleted and created again (followed from the new
/// file's start, once the follower has seen it missing). A line is returned once its end is there.
/// </summary>
internal sealed class LogFollower
{
    /// <summary>At most this much is read per poll, so a huge backlog never stalls a pane.</summary>
    public const int MaxReadBytes = 1 << 20;

    private readonly int _firstLines;
    private readonly List<byte> _partial = [];
    private long _position;
    private bool _started;
    private bool _present;

    /// <param name="path">The log file.</param>
    /// <param name="firstLines">On the first poll that finds the file, only its last lines this many (like tail -n); later everything.</param>
    public LogFollower(string path, int firstLines = int.MaxValue)
    {
        Path = path;
        _firstLines = Math.Max(0, firstLines);
    }

    public string Path { get; }

    /// <summary>Whether the file existed at the last poll.</summary>
    public bool Present => _present;

    /// <summary>How far into the file it has read (a line not yet ended included).</summary>
    public long Position => _position;

    /// <summary>The file's length now (0 when it does not exist).</summary>
    public long Length()
    {
        try
        {
            return new FileInfo(Path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// The start of a line read but not yet ended, taken out (null when there is none): what a
    /// process killed in the middle of writing a line left.
    /// </summary>
    public string? TakePartial()
    {
        if (_partial.Count == 0) return null;
        var text = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_partial));
        _partial.Clear();
        return text;
    }

    /// <summary>
    /// The lines completed since the last poll (without line ends), plus a note when the file was
    /// truncated; reading stops at byte <paramref name="upTo"/> (what lies beyond is for a later poll).
    /// </summary>
    public IReadOnlyList<string> Poll(long upTo = long.MaxValue)
    {
        var lines = new List<string>();
        FileStream s;
        try
        {
            s = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (_present)
            {
                // Gone: whatever comes next under this name is a new file, read from its start.
                _present = false;
                _position = 0;
                _partial.Clear();
            }
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return lines;
        }
        using (s)
        {
            _present = true;
            var length = s.Length;
            if (length < _position)
            {
                lines.Add($"-- {System.IO.Path.GetFileName(Path)} was truncated; following it from its start --");
                _position = 0;
                _partial.Clear();
            }
            var first = !_started;
            _started = true;
            if (first && length > MaxReadBytes)
            {
                // Start near the end; the first, cut line is dropped below.
                _position = length - MaxReadBytes;
            }
            var want = (int)Math.Min(Math.Min(length, upTo) - _position, MaxReadBytes);
            if (want <= 0) return lines;
            var buffer = new byte[want];
            s.Seek(_position, SeekOrigin.Begin);
            var got = 0;
            while (got < want)
            {
                var n = s.Read(buffer, got, want - got);
                if (n == 0) break;
                got += n;
            }
            var skipCutLine = first && _position > 0;
            _position += got;
            Split(buffer.AsSpan(0, got), lines, skipCutLine);
            if (first && lines.Count > _firstLines) lines.RemoveRange(0, lines.Count - _firstLines);
        }
        return lines;
    }

    private void Split(ReadOnlySpan<byte> data, List<string> lines, bool skipCutLine)
    {
        while (data.Length > 0)
        {
            var nl = data.IndexOf((byte)'\n');
            if (nl < 0)
            {
                _partial.AddRange(data);
                return;
            }
            _partial.AddRange(data[..nl]);
            data = data[(nl + 1)..];
            if (skipCutLine)
            {
                skipCutLine = false;
                _partial.Clear();
                continue;
            }
            var line = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_partial));
            _partial.Clear();
            lines.Add(line.EndsWith('\r') ? line[..^1] : line);
        }
    }
}
