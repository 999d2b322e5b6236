using System.Net;
using System.Reflection;
using System.Text;
using FtCore.Sim.Report;

namespace FtCore.Demo.Report;

/// <summary>
/// report.html: one self-contained page (no network, no CDN) holding report.json's text and a
/// small viewer that draws it as inline SVG. The page, style and script are embedded resources
/// (src/Cli/Report/report.*).
/// </summary>
internal static class ReportHtml
{
    private static readonly Lazy<string> Template = new(() => Resource("FtCore.Report.template.html"));
    private static readonly Lazy<string> Css = new(() => Resource("FtCore.Report.report.css"));
    private static readonly Lazy<string> Js = new(() => Resource("FtCore.Report.report.js"));

    /// <summary>The page for a report whose JSON is <paramref name="json"/> (as <see cref="ReportJson.Write"/> gave it: nothing in it can close a script element).</summary>
    public static string Render(string title, string json) =>
        Template.Value
            .Replace("{{TITLE}}", WebUtility.HtmlEncode(title), StringComparison.Ordinal)
            .Replace("{{CSS}}", Css.Value, StringComparison.Ordinal)
            .Replace("{{JS}}", Js.Value, StringComparison.Ordinal)
            .Replace("{{DATA}}", json.TrimEnd(), StringComparison.Ordinal);

    /// <summary>
    /// Writes <paramref name="htmlPath"/> and report.json's text beside it (the same name with .json;
    /// report.html gives report.json); returns the JSON's path.
    /// </summary>
    public static string Write(RunReport report, string htmlPath)
    {
        var json = ReportJson.Write(report);
        var dir = Path.GetDirectoryName(Path.GetFullPath(htmlPath));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var jsonPath = JsonPathFor(htmlPath);
        File.WriteAllText(jsonPath, json, new UTF8Encoding(false));
        File.WriteAllText(htmlPath, Render(report.Title, json), new UTF8Encoding(false));
        return jsonPath;
    }

    /// <summary>report.html gives report.json; a name without .html gets .json appended.</summary>
    public static string JsonPathFor(string htmlPath) =>
        htmlPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? htmlPath[..^".html".Length] + ".json"
        : htmlPath.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) ? htmlPath[..^".htm".Length] + ".json"
        : htmlPath + ".json";

    private static string Resource(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"the report resource {name} is missing from the build");
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
