using System.Globalization;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Links;
using FtCore.Demo.Cli;
using FtCore.Demo.Live;

namespace FtCore.Demo.Commands;

/// <summary>ftcore diagnose RUN_DIR: the RM's fail-slow detector run again on the link reports the live RM recorded.</summary>
internal static class DiagnoseCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        if (args.Length != 1 || args[0].StartsWith("--", StringComparison.Ordinal)) throw new UsageException("diagnose takes one argument, a run folder (like: ftcore diagnose runs/20260101-120000)");
        var path = Directory.Exists(args[0]) ? Path.Combine(args[0], "RM" + LinkReportLog.FileSuffix) : args[0];
        if (!File.Exists(path)) throw new UsageException($"diagnose: no record of link reports at {path} (the RM writes it beside its log, RM.log)");
        var detector = new SlowDetector();
        long reports = 0, first = -1, last = 0;
        var reporters = new SortedSet<NodeId>();
        var named = new List<string>();
        foreach (var (at, from, links) in LinkReportLog.Read(path))
        {
            reports++;
            if (first < 0) first = at;
            last = at;
            reporters.Add(from);
            detector.Observe(at, links);
            if (detector.Evaluate(at) is { } e)
            {
                var line = ConsoleRenderer.Render(NodeId.Rm, e)!;
                stdout.WriteLine($"[{ConsoleRenderer.Timestamp(at)}] {line}");
                if (e is SlowSuspected s) named.Add(s.Process.ToString());
            }
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"diagnose: {reports} reports from {reporters.Count} processes ({string.Join(", ", reporters)}) over {(last - Math.Max(0, first)) / 1e6:0.0} s"));
        stdout.WriteLine(named.Count == 0
            ? "diagnosis: no process was named slow"
            : $"diagnosis: named slow: {string.Join(", ", named)}; {(detector.Suspect is { } still ? $"{still} still slow at the end" : "cleared by the end")}");
        return 0;
    }
}
