using System.Diagnostics;
using System.Reflection;

namespace FtCore.Demo.Live;

/// <summary>
/// How to start another process of this program: the program itself when it is built on FtCore.Cli
/// (ftcore, or a user's own program with its own applications), else (tests load this assembly into
/// their own host) the ftcore executable next to this assembly, or <c>dotnet ftcore.dll</c>.
/// </summary>
internal static class SelfCommand
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
        if (Assembly.GetEntryAssembly() is { } entry && IsFtCoreProgram(entry))
        {
            var path = Environment.ProcessPath;
            if (path is not null && Path.GetFileNameWithoutExtension(path) != "dotnet") return (path, []);
            return (path ?? "dotnet", [entry.Location]);
        }
        var dll = Path.Combine(Path.GetDirectoryName(typeof(SelfCommand).Assembly.Location) ?? ".", "ftcore.dll");
        var dir = Path.GetDirectoryName(dll) ?? ".";
        var apphost = Path.Combine(dir, OperatingSystem.IsWindows() ? "ftcore.exe" : "ftcore");
        if (File.Exists(apphost)) return (apphost, []);
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return (dotnet, [dll]);
    }

    /// <summary>A program whose commands are FtCore.Cli's: ftcore, or a user's program that calls FtCoreProgram.Run.</summary>
    internal static bool IsFtCoreProgram(Assembly entry) =>
        entry.GetReferencedAssemblies().Any(r => r.Name == typeof(SelfCommand).Assembly.GetName().Name);
}
