using System.Globalization;

namespace FtCore.Demo.Cli;

/// <summary>Durations as people write them: 60s, 1500ms, 2m, or a bare number of seconds.</summary>
internal static class Durations
{
    public static bool TryParseMs(string v, out long ms)
    {
        ms = 0;
        v = v.Trim();
        if (v.EndsWith("ms", StringComparison.Ordinal) && long.TryParse(v[..^2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var a)) ms = a;
        else if (v.EndsWith('s') && double.TryParse(v[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var b)) ms = (long)(b * 1000);
        else if (v.EndsWith('m') && double.TryParse(v[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var c)) ms = (long)(c * 60_000);
        else if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) ms = (long)(d * 1000);
        else return false;
        return true;
    }

    /// <summary>As people write it: 100ms, 1s, 1.5s, 2m.</summary>
    public static string Format(long ms) => ms switch
    {
        >= 120_000 when ms % 60_000 == 0 => (ms / 60_000).ToString(CultureInfo.InvariantCulture) + "m",
        >= 1000 => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + "s",
        _ => ms.ToString(CultureInfo.InvariantCulture) + "ms",
    };
}
