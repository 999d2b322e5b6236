using FtCore.Core.Roles;
using FtCore.Transport.Tcp;
using FtCore.Transport.Tcp.Metrics;

namespace FtCore.Demo.Live;

/// <summary>
/// A role process's metrics: its host watched by a <see cref="HostMeter"/> (the FtCore meter, for
/// dotnet-counters and the file), and with a run folder, a line a second to
/// <c>&lt;run&gt;/metrics/&lt;id&gt;.jsonl</c>. All of it off with <c>--metrics off</c> or FTCORE_METRICS=off.
/// </summary>
internal static class LiveMetrics
{
    /// <summary>Applies <c>--metrics on|off</c> (given: it also holds for the processes this one starts).</summary>
    public static void Apply(string? flag)
    {
        if (flag is not null) MetricsSwitch.Set(flag == "on");
    }

    /// <summary>The host of <paramref name="role"/>: metered when metrics are on, without link timing when off.</summary>
    public static RoleHost Host(Role role, HostOptions options) =>
        MetricsSwitch.On ? HostMeter.Host(role, options) : new RoleHost(role, options with { TimeLinks = false });

    /// <summary>The file writer for a process logging to <paramref name="logFile"/> (metrics/ beside it), or null when metrics are off or there is no log file.</summary>
    public static MetricsFileWriter? StartFile(string? logFile, string process)
    {
        if (!MetricsSwitch.On || logFile is null) return null;
        return StartIn(Path.GetDirectoryName(Path.GetFullPath(logFile))!, process);
    }

    /// <summary>The file writer of <paramref name="process"/> in run folder <paramref name="runDir"/>, or null when metrics are off.</summary>
    public static MetricsFileWriter? StartIn(string runDir, string process) =>
        MetricsSwitch.On ? MetricsFileWriter.Start(MetricsSwitch.FileIn(runDir, process), process) : null;
}
