using System.Diagnostics;
using System.Reflection;

namespace FtCore.Demo.Cli;

/// <summary>What the command that started this ftcore looked like, as far as a replay needs it.</summary>
internal sealed record InvocationFacts
{
    /// <summary>The running executable: the ftcore apphost, dotnet, or a test host.</summary>
    public string? ProcessPath { get; init; }
    /// <summary>Where the program's assembly is (ftcore.dll, or a user's program built on FtCore.Cli).</summary>
    public required string AssemblyPath { get; init; }
    /// <summary>True when the program is ftcore or built on FtCore.Cli (not a test host).</summary>
    public bool FtcoreIsEntry { get; init; }
    /// <summary>The build configuration ftcore was compiled in (Debug, Release).</summary>
    public required string Configuration { get; init; }
    /// <summary>The parent process's command line, when known.</summary>
    public IReadOnlyList<string>? ParentCommandLine { get; init; }
    public required string CurrentDirectory { get; init; }
    public IReadOnlyList<string> PathDirectories { get; init; } = [];
}

/// <summary>
/// The words that start this same ftcore build again, for the replay line a failure prints: the
/// executable that is running (on PATH: just "ftcore"), or "dotnet run -c CONFIG --project DIR --"
/// with the configuration this build was compiled in when it was started by dotnet run.
/// </summary>
internal static class SelfInvocation
{
    private static readonly Lazy<string> Current = new(() => Prefix(Observe()));

    /// <summary>The prefix for this process, e.g. "dotnet run -c Release --project src/Demo --" or "./ftcore".</summary>
    public static string Prefix() => Current.Value;

    public static string Prefix(InvocationFacts f)
    {
        var process = f.ProcessPath is null ? "" : Path.GetFileNameWithoutExtension(f.ProcessPath);
        if (f.FtcoreIsEntry && IsDotnetRun(f.ParentCommandLine))
        {
            var project = ProjectFlag(f.ParentCommandLine!) ?? (ProjectOf(f.AssemblyPath) is { } dir ? Shown(dir, f.CurrentDirectory) : ".");
            return DotnetRun(f, project);
        }
        if (f.FtcoreIsEntry && process == Path.GetFileNameWithoutExtension(f.AssemblyPath)) return Executable(f.ProcessPath!, f);
        if (f.FtcoreIsEntry && process == "dotnet") return "dotnet " + ShellWords.Quote(Shown(f.AssemblyPath, f.CurrentDirectory));
        // Loaded into another host (tests): the repository's way to run it, in this build's configuration.
        return DotnetRun(f, null);
    }

    private static bool IsDotnetRun(IReadOnlyList<string>? parent)
    {
        if (parent is not { Count: >= 2 } || Path.GetFileNameWithoutExtension(parent[0]) != "dotnet") return false;
        var verb = parent.Skip(1).FirstOrDefault(a => !a.StartsWith('-'));
        return verb == "run";
    }

    private static string DotnetRun(InvocationFacts f, string? project) =>
        $"dotnet run -c {ShellWords.Quote(f.Configuration)} --project {ShellWords.Quote(project ?? "src/Demo")} --";

    /// <summary>The --project (or -p) value of a dotnet run command line, as typed.</summary>
    private static string? ProjectFlag(IReadOnlyList<string> parent)
    {
        for (var i = 1; i < parent.Count; i++)
        {
            if (parent[i] == "--") break;
            if (parent[i] is "--project" or "-p" && i + 1 < parent.Count) return parent[i + 1];
            if (parent[i].StartsWith("--project=", StringComparison.Ordinal)) return parent[i]["--project=".Length..];
        }
        return null;
    }

    /// <summary>The project directory of an assembly built into PROJECT/bin/CONFIG/TFM/, or null.</summary>
    private static string? ProjectOf(string assemblyPath)
    {
        var tfm = Path.GetDirectoryName(assemblyPath);
        var config = tfm is null ? null : Path.GetDirectoryName(tfm);
        var bin = config is null ? null : Path.GetDirectoryName(config);
        if (bin is null || Path.GetFileName(bin) != "bin") return null;
        var project = Path.GetDirectoryName(bin);
        return project is not null && Directory.Exists(project) && Directory.EnumerateFiles(project, "*.csproj").Any() ? project : null;
    }

    private static string Executable(string path, InvocationFacts f)
    {
        var dir = Path.GetDirectoryName(path);
        if (dir is not null && f.PathDirectories.Any(d => SamePath(d, dir))) return Path.GetFileName(path);
        var shown = Shown(path, f.CurrentDirectory);
        return ShellWords.Quote(Path.IsPathRooted(shown) || shown.Contains('/', StringComparison.Ordinal) ? shown : "./" + shown);
    }

    /// <summary>A path relative to the working directory when it is under it, else absolute.</summary>
    private static string Shown(string path, string cwd)
    {
        var rel = Path.GetRelativePath(cwd, path);
        return rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) ? path : rel;
    }

    private static bool SamePath(string a, string b)
    {
        try
        {
            return string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static InvocationFacts Observe()
    {
        // The program is ftcore or a user's program built on FtCore.Cli; in a test host, ftcore beside this assembly.
        var entry = Assembly.GetEntryAssembly();
        var isProgram = entry is not null && Live.SelfCommand.IsFtCoreProgram(entry);
        var assembly = isProgram ? entry! : typeof(SelfInvocation).Assembly;
        return new InvocationFacts
        {
            ProcessPath = Environment.ProcessPath,
            AssemblyPath = isProgram ? assembly.Location : Path.Combine(Path.GetDirectoryName(assembly.Location) ?? ".", "ftcore.dll"),
            FtcoreIsEntry = isProgram,
            Configuration = ConfigurationOf(assembly),
            ParentCommandLine = ParentCommandLine(),
            CurrentDirectory = Environment.CurrentDirectory,
            PathDirectories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries),
        };
    }

    /// <summary>The configuration the SDK stamped on the assembly; without it, whether the JIT optimizer is off (Debug).</summary>
    internal static string ConfigurationOf(Assembly assembly)
    {
        var stamped = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        if (!string.IsNullOrEmpty(stamped)) return stamped;
        return assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true ? "Debug" : "Release";
    }

    /// <summary>The parent's argv from /proc (Linux); null elsewhere or when it cannot be read.</summary>
    private static string[]? ParentCommandLine()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return null;
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ppid = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            var cmdline = File.ReadAllText($"/proc/{ppid}/cmdline");
            return cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }
}
