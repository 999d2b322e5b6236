using System.Diagnostics;

namespace FtCore.Demo.Live;

/// <summary>
/// How to start another ftcore process: the ftcore executable next to this assembly, or
/// <c>dotnet ftcore.dll</c> when there is none (tests load this assembly into their own host).
/// </summary>
public static class SelfCommand
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo { UseShellExecute = false };
        var (file, prefix) = Resolve();
        psi.FileName = file;
        foreach (var a in prefix) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Runtime settings this process gave itself are not the user's: the child picks its own for its role.
        foreach (var name in RuntimeTuning.Defaulted) psi.Environment.Remove(name);
        return psi;
    }

    /// <summary>The program and leading arguments that run ftcore, for scripts and tmux panes.</summary>
    public static (string File, string[] Prefix) Resolve()
    {
        var dll = typeof(SelfCommand).Assembly.Location;
        var dir = Path.GetDirectoryName(dll) ?? ".";
        var apphost = Path.Combine(dir, OperatingSystem.IsWindows() ? "ftcore.exe" : "ftcore");
        if (File.Exists(apphost)) return (apphost, []);
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return (dotnet, [dll]);
    }
}
