using System.Diagnostics;
using System.Globalization;
using FtCore.Demo.Cli;
using FtCore.Demo.Live;

namespace FtCore.Demo.Report;

/// <summary>ftcore lab's report: report.html and report.json in the run folder, built from the folder's files.</summary>
internal static class LabReport
{
    /// <summary>Builds and writes the report of the run in <paramref name="o"/>'s folder; says where, how long it took and how big it is.</summary>
    public static void Write(LabOptions o, TextWriter w)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            var report = LabReportBuilder.Build(o.OutDir, ReplayCommand(o), ProgramApps.Get(o.App));
            var html = Path.Combine(o.OutDir, "report.html");
            var json = ReportHtml.Write(report, html);
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report: {html} (open it in a browser; data: {json}; built in {sw.ElapsedMilliseconds} ms, {new FileInfo(html).Length / 1024} KiB)"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            w.WriteLine($"report: not written ({e.Message})");
        }
    }

    /// <summary>The command line that runs the same lab again (same scenario, seed, timing).</summary>
    public static string ReplayCommand(LabOptions o)
    {
        var args = new List<string> { "lab", "--scenario", o.Scenario, "--mode", o.Mode, "--app", o.App, "--duration", Durations.Format(o.DurationMs),
            "--seed", o.Seed.ToString(CultureInfo.InvariantCulture), "--clients", o.Clients.ToString(CultureInfo.InvariantCulture), "--interval", Durations.Format(o.IntervalMs) };
        if (o.HeartbeatMs is { } hb) args.AddRange(["--heartbeat-freq", Durations.Format(hb)]);
        return SelfInvocation.Prefix() + " " + string.Join(" ", args.Select(ShellWords.Quote));
    }
}
