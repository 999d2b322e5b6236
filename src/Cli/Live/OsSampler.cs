using System.Text.Json;
using FtCore.Transport.Tcp.Metrics;

namespace FtCore.Demo.Live;

/// <summary>
/// The black-box view of a run: every <see cref="Every"/>, for each running process of the run
/// (found through its pid files; a pid is taken as the run's once its command line names the pid
/// folder) and for the lab itself, a line to <c>&lt;run&gt;/os.jsonl</c> with what /proc says
/// (<see cref="ProcSample"/>): <c>{"time_ns", "process", "pid", "cpu_user_ms", "cpu_sys_ms",
/// "rss_bytes", "ctx_voluntary", "ctx_involuntary", "threads"}</c>, counts cumulative since the
/// process started. Written from a thread of its own; bounded like the metrics files.
/// </summary>
internal sealed class OsSampler : IDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly string _pidDir;
    private readonly FileStream _file;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private readonly Dictionary<int, bool> _ours = [];
    private bool _full;

    private OsSampler(string path, string pidDir)
    {
        _pidDir = pidDir;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _thread = new Thread(Loop) { IsBackground = true, Name = "os-sampler" };
    }

    /// <summary>Samples the processes with pid files in <paramref name="pidDir"/> into <c>&lt;runDir&gt;/os.jsonl</c>; null when metrics are off or this is not Linux.</summary>
    public static OsSampler? Start(string runDir, string pidDir)
    {
        if (!MetricsSwitch.On || !OperatingSystem.IsLinux()) return null;
        var s = new OsSampler(Path.Combine(runDir, "os.jsonl"), pidDir);
        s._thread.Start();
        return s;
    }

    private void Loop()
    {
        do
        {
            try
            {
                SampleOnce();
            }
            catch (IOException) { }
        }
        while (!_stop.Wait(Every));
    }

    /// <summary>One round: a line per running process of the run, and one for this process ("lab").</summary>
    public void SampleOnce()
    {
        if (_full) return;
        var now = MetricsFileWriter.MonotonicNs();
        using var buffer = new MemoryStream();
        Write(buffer, now, "lab", ProcSample.Read(Environment.ProcessId));
        foreach (var (name, pid) in PidFiles.List(_pidDir).OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Pid))
        {
            if (!_ours.TryGetValue(pid, out var ours))
            {
                ours = Signals.IsFtcore(pid, _pidDir);
                // Not yet known to be ours (gone, or its command line unreadable): asked again next round.
                if (ours) _ours[pid] = true;
            }
            if (!ours) continue;
            var sample = ProcSample.Read(pid);
            if (sample is null || sample.State == 'Z') continue;
            Write(buffer, now, name, sample);
        }
        if (_file.Length + buffer.Length > MetricsFileWriter.MaxBytes)
        {
            _full = true;
            _file.Write(JsonSerializer.SerializeToUtf8Bytes(new { time_ns = now, truncated = true }));
            _file.WriteByte((byte)'\n');
        }
        else buffer.WriteTo(_file);
        _file.Flush();
    }

    /// <summary>One process's line.</summary>
    public static void Write(Stream to, long timeNs, string process, ProcSample? s)
    {
        if (s is null) return;
        using (var j = new Utf8JsonWriter(to))
        {
            j.WriteStartObject();
            j.WriteNumber("time_ns", timeNs);
            j.WriteString("process", process);
            j.WriteNumber("pid", s.Pid);
            j.WriteNumber("cpu_user_ms", s.CpuUserMs);
            j.WriteNumber("cpu_sys_ms", s.CpuSysMs);
            j.WriteNumber("rss_bytes", s.RssBytes);
            j.WriteNumber("ctx_voluntary", s.VoluntarySwitches);
            j.WriteNumber("ctx_involuntary", s.InvoluntarySwitches);
            j.WriteNumber("threads", s.Threads);
            j.WriteEndObject();
        }
        to.WriteByte((byte)'\n');
    }

    /// <summary>Stops sampling after one last round.</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        try
        {
            SampleOnce();
        }
        catch (IOException) { }
        _file.Dispose();
        _stop.Dispose();
    }
}
