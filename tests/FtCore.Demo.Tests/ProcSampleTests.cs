using System.Text.Json;
using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>The OS sampler's reading of /proc: a fixture in /proc's format, and this test process itself.</summary>
public sealed class ProcSampleTests
{
    // A command name with a space and a parenthesis: fields count from the last ')'.
    private const string Stat =
        "4242 (ftcore (S1) x) S 4200 4242 4200 0 -1 4194560 2000 0 0 0 1234 56 0 0 20 0 17 0 2499097 3133440000 25000 "
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

    private const string Status =
        "Name:\tftcore\nState:\tS (sleeping)\nVmRSS:\t  102400 kB\nThreads:\t17\nvoluntary_ctxt_switches:\t812\nnonvoluntary_ctxt_switches:\t95\n";

    [Fact]
    public void Cpu_times_threads_resident_size_and_context_switches_are_read_from_the_proc_format()
    {
        var s = ProcSample.Parse(4242, Stat, Status);

        Assert.Equal(new ProcSample(4242, 12_340, 560, 102_400L * 1024, 812, 95, 17, 'S'), s);
    }

    [Fact]
    public void A_malformed_stat_line_is_no_sample()
    {
        Assert.Null(ProcSample.Parse(1, "4242 ftcore S 1 2", Status));
        Assert.Null(ProcSample.Parse(1, "4242 (ftcore) S 1 2 3", Status));
    }

    [Fact]
    public void This_process_is_sampled_and_written_as_one_json_line()
    {
        if (!OperatingSystem.IsLinux()) return;
        var s = ProcSample.Read(Environment.ProcessId);

        Assert.NotNull(s);
        Assert.Equal(Environment.ProcessId, s.Pid);
        Assert.True(s.RssBytes > 1024 * 1024, $"rss {s.RssBytes}");
        Assert.True(s.Threads >= 1);
        Assert.True(s.CpuUserMs + s.CpuSysMs > 0); // a .NET test host has run for a while
        using var buffer = new MemoryStream();
        OsSampler.Write(buffer, 123, "lab", s);
        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var line = JsonDocument.Parse(text).RootElement;
        Assert.Equal("lab", line.GetProperty("process").GetString());
        Assert.Equal(s.RssBytes, line.GetProperty("rss_bytes").GetInt64());
        Assert.Equal(s.InvoluntarySwitches, line.GetProperty("ctx_involuntary").GetInt64());
    }
}
