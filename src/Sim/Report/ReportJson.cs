using System.Text.Json;
using System.Text.Json.Serialization;

namespace FtCore.Sim.Report;

/// <summary>
/// report.json: the <see cref="RunReport"/> in declaration order, snake_case, numbers in the
/// invariant form, no time of generation: the same run gives the same bytes. Characters that
/// could close an HTML script element are escaped, so the same text can be embedded in report.html.
/// </summary>
internal static class ReportJson
{
    public static string Write(RunReport report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport) + "\n";

    public static RunReport Read(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonContext.Default.RunReport) ?? throw new FormatException("report.json holds null");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
