using System.Diagnostics;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>
/// A test that opens a page in headless Chromium: the browser is installed with the project's
/// scripts/install-chromium.sh when missing; the test is skipped, with the reason, only where it
/// cannot be installed (not root, no apt-get, no network).
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.WhyUnavailable is { } why) Skip = "skipped: " + why;
    }
}

/// <summary>Where headless Chromium is (installing it once per test run when missing), or why it is not there.</summary>
internal static class Chromium
{
    private static readonly Lazy<(string? Path, string? Why)> Found = new(Find);

    public static string? WhyUnavailable => Found.Value.Why;

    public static string Path => Found.Value.Path ?? throw new InvalidOperationException(Found.Value.Why);

    /// <summary>The repository's root (where FtCore.sln is), from the test's folder up.</summary>
    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "FtCore.sln"))) return d.FullName;
        }
        throw new InvalidOperationException("FtCore.sln not found above " + AppContext.BaseDirectory);
    }

    private static (string?, string?) Find()
    {
        var script = System.IO.Path.Combine(RepoRoot(), "scripts", "install-chromium.sh");
        var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["CI"] = "true";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd().Trim();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            return (null, "scripts/install-chromium.sh did not finish in 10 minutes");
        }
        if (p.ExitCode == 0 && File.Exists(stdout)) return (stdout, null);
        var why = stderr.Result.Trim().Split('\n').LastOrDefault() ?? "";
        return (null, $"no Chromium and scripts/install-chromium.sh could not install it (exit {p.ExitCode}): {why}");
    }
}
