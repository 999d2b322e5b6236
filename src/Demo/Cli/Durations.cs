using System.Globalization;

namespace FtCore.Demo.Cli;

/// <summary>Durations as people write them: 60s, 1500ms, 2m, or a bare number of seconds.</summary>
public static class Durations
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
}
