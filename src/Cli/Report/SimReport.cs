using System.Diagnostics;
using System.Globalization;
using FtCore.Demo.Commands;
using FtCore.Sim;
using FtCore.Sim.Report;

namespace FtCore.Demo.Report;

/// <summary>ftcore sim's reports: `--report FILE` for one run, and the first failing seed of `--runs`.</summary>
internal static class SimReport
{
    /// <summary>Writes the report of <paramref name="result"/> (run with <see cref="SimOptions.Report"/>) to <paramref name="htmlPath"/> and its .json; says where.</summary>
    public static void Write(SimResult result, string htmlPath, string? scheduleFile, TextWriter w)
    {
        var sw = Stopwatch.StartNew();
        var report = SimReportBuilder.Build(result, SimFailureReport.ReplayCommand(result.Options, scheduleFile));
        var json = ReportHtml.Write(report, htmlPath);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  report: {htmlPath} (data: {json}; built in {sw.ElapsedMilliseconds} ms, {new FileInfo(htmlPath).Length / 1024} KiB)"));
    }

    /// <summary>Reruns a failing seed of a sweep with recording on and writes DIR/seed-N.report.html (and .json).</summary>
    public static void WriteForFailure(SimResult failed, string failuresDir, TextWriter w)
    {
        var rerun = SimRunner.Run(failed.Options with { Report = true, Transcript = false }, failed.Options.Scenario is null ? failed.Schedule : null);
        Write(rerun, Path.Combine(failuresDir, $"seed-{failed.Options.Seed.ToString(CultureInfo.InvariantCulture)}.report.html"), null, w);
    }
}
