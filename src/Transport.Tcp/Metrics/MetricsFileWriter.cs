using System.Diagnostics;
using System.Text.Json;
using FtCore.Core.Links;

namespace FtCore.Transport.Tcp.Metrics;

/// <summary>
/// Writes what a <see cref="MetricsCollector"/> gathered to a JSON-lines file, one line per period
/// from a thread of its own (never the event loop) and a final line when disposed. The file is
/// appended to (a relaunched replica adds its lines after its predecessor's; the pid tells them
/// apart) and bounded: past <see cref="MaxBytes"/> one line says so and nothing more is written.
/// The format is in <see cref="WriteLine"/>.
/// </summary>
internal sealed class MetricsFileWriter : IDisposable
{
    /// <summary>About a line per second of a busy replica for days.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private static readonly double NsPerTick = 1_000_000_000.0 / Stopwatch.Frequency;
    private readonly MetricsCollector _collector = new();
    private readonly FileStream _file;
    private readonly string _process;
    private readonly TimeSpan _every;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private readonly MemoryStream _buffer = new();
    private long _seq;
    private long _lastNs = MonotonicNs();
    private bool _full;
    private bool _disposed;

    private MetricsFileWriter(string path, string process, TimeSpan every)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _process = process;
        _every = every;
        _thread = new Thread(Loop) { IsBackground = true, Name = "metrics" };
    }

    public string Path { get; private init; } = "";

    /// <summary>Starts writing <paramref name="process"/>'s metrics to <paramref name="path"/> every <paramref name="every"/> (a second by default).</summary>
    public static MetricsFileWriter Start(string path, string process, TimeSpan? every = null)
    {
        var w = new MetricsFileWriter(path, process, every ?? TimeSpan.FromSeconds(1)) { Path = path };
        w._thread.Start();
        return w;
    }

    /// <summary>CLOCK_MONOTONIC in nanoseconds on Linux (Stopwatch's clock): the clock of the client histories.</summary>
    public static long MonotonicNs() => (long)(Stopwatch.GetTimestamp() * NsPerTick);

    private void Loop()
    {
        while (!_stop.Wait(_every))
        {
            try
            {
                WriteLine(final: false);
            }
            catch (IOException) { } // a full disk costs the metrics, never the process
        }
    }

    /// <summary>
    /// One line: <c>{"time_ns", "unix_ms", "pid", "process", "seq", "final", "window_s",
    /// "counters": {name: total since start}, "histograms": {name: {count, min_us, mean_us, p50_us,
    /// p99_us, max_us}} (the window since the previous line; absent when nothing was recorded),
    /// "links": [{from, to, count, min_us, mean_us, p50_us, p99_us, max_us}]}</c>.
    /// </summary>
    private void WriteLine(bool final)
    {
        lock (_buffer)
        {
            if (_full) return;
            var snapshot = _collector.Take();
            var now = MonotonicNs();
            _buffer.SetLength(0);
            using (var j = new Utf8JsonWriter(_buffer))
            {
                j.WriteStartObject();
                j.WriteNumber("time_ns", now);
                j.WriteNumber("unix_ms", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                j.WriteNumber("pid", Environment.ProcessId);
                j.WriteString("process", _process);
                j.WriteNumber("seq", _seq++);
                j.WriteBoolean("final", final);
                j.WriteNumber("window_s", Math.Round((now - _lastNs) / 1e9, 3));
                j.WriteStartObject("counters");
                foreach (var (name, tags, total) in snapshot.Counters) j.WriteNumber(Key(name, tags), total);
                j.WriteEndObject();
                j.WriteStartObject("histograms");
                foreach (var (name, tags, h) in snapshot.Histograms)
                {
                    if (name == FtCoreMetrics.RoundTrip || h.Count == 0) continue;
                    j.WriteStartObject(Key(name, tags));
                    WriteStat(j, LinkStat.Of(default, default, h));
                    j.WriteEndObject();
                }
                j.WriteEndObject();
                j.WriteStartArray("links");
                foreach (var l in snapshot.Links())
                {
                    j.WriteStartObject();
                    j.WriteString("from", l.From.ToString());
                    j.WriteString("to", l.To.ToString());
                    WriteStat(j, l);
                    j.WriteEndObject();
                }
                j.WriteEndArray();
                j.WriteEndObject();
            }
            _buffer.WriteByte((byte)'\n');
            _lastNs = now;
            if (_file.Length + _buffer.Length > MaxBytes)
            {
                _full = true;
                var note = JsonSerializer.SerializeToUtf8Bytes(new { time_ns = now, pid = Environment.ProcessId, process = _process, truncated = true });
                _file.Write(note);
                _file.WriteByte((byte)'\n');
            }
            else
            {
                _file.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
            }
            _file.Flush();
        }
    }

    private static void WriteStat(Utf8JsonWriter j, LinkStat s)
    {
        j.WriteNumber("count", s.Count);
        j.WriteNumber("min_us", s.MinUs);
        j.WriteNumber("mean_us", Math.Round(s.MeanUs, 1));
        j.WriteNumber("p50_us", s.P50Us);
        j.WriteNumber("p99_us", s.P99Us);
        j.WriteNumber("max_us", s.MaxUs);
    }

    private static string Key(string name, string tags) => tags.Length == 0 ? name : name + "{" + tags + "}";

    /// <summary>Stops the thread, writes the final line, closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Set();
        _thread.Join();
        try
        {
            WriteLine(final: true);
        }
        catch (IOException) { }
        _file.Dispose();
        _collector.Dispose();
        _stop.Dispose();
    }
}
