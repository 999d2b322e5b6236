namespace FtCore.Transport.Tcp.Metrics;

/// <summary>
/// Whether a live process measures: on unless <see cref="Variable"/> says off (or a command's
/// <c>--metrics off</c>, which sets it, so the replicas an LFD launches follow). Off, hosts time no
/// round trips, no <see cref="HostMeter"/> watches them and no metrics file is written; the meter
/// itself still exists (a listener attaching sees nothing recorded).
/// </summary>
internal static class MetricsSwitch
{
    /// <summary>FTCORE_METRICS=off (or 0, false, no) switches metrics off in this process and its children.</summary>
    public const string Variable = "FTCORE_METRICS";

    public static bool On => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Off for off, 0, false, no (any case); on otherwise, unset included.</summary>
    public static bool Parse(string? value) =>
        value?.Trim().ToLowerInvariant() is not ("off" or "0" or "false" or "no");

    /// <summary>Switches metrics off (or on) for this process and every process it starts from now on.</summary>
    public static void Set(bool on) => Environment.SetEnvironmentVariable(Variable, on ? "on" : "off");

    /// <summary><c>&lt;runDir&gt;/metrics/&lt;process&gt;.jsonl</c>: where a process of a run writes its metrics.</summary>
    public static string FileIn(string runDir, string process) => System.IO.Path.Combine(runDir, "metrics", process + ".jsonl");
}
