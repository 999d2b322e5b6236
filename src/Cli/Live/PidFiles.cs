using System.Globalization;

namespace FtCore.Demo.Live;

/// <summary>
/// Every process started for a lab writes DIR/&lt;name&gt;.&lt;pid&gt; while it runs, so the lab can
/// find and kill everything it caused to run, including replicas an LFD relaunched.
/// </summary>
internal static class PidFiles
{
    public static string? Write(string? dir, string name)
    {
        if (dir is null) return null;
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{name}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        File.WriteAllText(path, "");
        return path;
    }

    public static void Remove(string? path)
    {
        if (path is null) return;
        try { File.Delete(path); } catch (IOException) { }
    }

    /// <summary>(name, pid) of every pid file in <paramref name="dir"/>.</summary>
    public static IEnumerable<(string Name, int Pid)> List(string dir)
    {
        if (!Directory.Exists(dir)) yield break;
        foreach (var f in Directory.GetFiles(dir))
        {
            var file = Path.GetFileName(f);
            var dot = file.LastIndexOf('.');
            if (dot > 0 && int.TryParse(file[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) yield return (file[..dot], pid);
        }
    }
}
