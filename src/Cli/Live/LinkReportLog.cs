using System.Text.Json;
using System.Text.Json.Nodes;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Links;

namespace FtCore.Demo.Live;

/// <summary>
/// The live RM's record of every window of round trips it received, one JSON line each
/// (<c>RM.links.jsonl</c> beside its log): what <c>ftcore diagnose RUN_DIR</c> runs the fail-slow
/// detector on again.
/// </summary>
internal sealed class LinkReportLog : IDisposable
{
    public const string FileSuffix = ".links.jsonl";

    private readonly StreamWriter _out;

    private LinkReportLog(string path)
    {
        _out = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true, NewLine = "\n" };
    }

    /// <summary>The record beside <paramref name="logFile"/> (RM.log: RM.links.jsonl), or null without a log file.</summary>
    public static LinkReportLog? Beside(string? logFile) =>
        logFile is null ? null : new LinkReportLog(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(logFile))!, Path.GetFileNameWithoutExtension(logFile) + FileSuffix));

    /// <summary>The host's event hook: writes each <see cref="LinkWindowReceived"/>.</summary>
    public void OnEvent(long nowUs, ConsoleEvent e)
    {
        if (e is not LinkWindowReceived w) return;
        var o = new JsonObject
        {
            ["at_us"] = nowUs,
            ["from"] = w.Reporter.ToString(),
            ["links"] = new JsonArray(w.Links.Select(l => (JsonNode)new JsonObject
            {
                ["from"] = l.From.ToString(),
                ["to"] = l.To.ToString(),
                ["count"] = l.Count,
                ["min_us"] = l.MinUs,
                ["mean_us"] = Math.Round(l.MeanUs, 1),
                ["p50_us"] = l.P50Us,
                ["p99_us"] = l.P99Us,
                ["max_us"] = l.MaxUs,
            }).ToArray()),
        };
        _out.WriteLine(o.ToJsonString());
    }

    /// <summary>Reads a record back: (time, reporter, window) per line, in file order; a torn last line is skipped.</summary>
    public static IEnumerable<(long AtUs, NodeId From, LinkStat[] Links)> Read(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonNode? o;
            try
            {
                o = JsonNode.Parse(line);
            }
            catch (JsonException)
            {
                continue;
            }
            if (o is null) continue;
            var links = o["links"]!.AsArray().Select(l => new LinkStat(
                NodeId.Parse((string)l!["from"]!), NodeId.Parse((string)l["to"]!), (long)l["count"]!, (long)l["min_us"]!,
                (double)l["mean_us"]!, (long)l["p50_us"]!, (long)l["p99_us"]!, (long)l["max_us"]!)).ToArray();
            yield return ((long)o["at_us"]!, NodeId.Parse((string)o["from"]!), links);
        }
    }

    public void Dispose() => _out.Dispose();
}
