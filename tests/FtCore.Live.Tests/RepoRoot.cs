namespace FtCore.Live.Tests;

/// <summary>The repository the tests run from (the folder holding FtCore.sln), for scripts and docs.</summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(d.FullName, "FtCore.sln"))) return d.FullName;
        }
        throw new InvalidOperationException($"no FtCore.sln above {AppContext.BaseDirectory}");
    });

    public static string Dir => Found.Value;

    public static string File(string relative) => Path.Combine(Found.Value, relative);
}
