using FtCore.Core.App;

namespace FtCore.Demo.Cli;

/// <summary>
/// The applications this program serves: the shipped ones for the ftcore tool, a user's own for a
/// program whose Main calls <see cref="FtCoreProgram.Run(string[], ApplicationSet)"/>. Set once per
/// run (flowing with the async context, so tests can run two programs side by side).
/// </summary>
internal static class ProgramApps
{
    private static readonly AsyncLocal<ApplicationSet?> Set = new();

    public static ApplicationSet Current => Set.Value ?? ShippedApps.All;

    /// <summary>"ftcore", or the name of a user's program built on FtCore.Cli (its help says "usage: bank ...").</summary>
    public static string ProgramName { get; } =
        System.Reflection.Assembly.GetEntryAssembly() is { } entry && entry != typeof(ProgramApps).Assembly && Live.SelfCommand.IsFtCoreProgram(entry)
            ? entry.GetName().Name ?? "ftcore"
            : "ftcore";

    /// <summary>Serves <paramref name="apps"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(ApplicationSet apps)
    {
        ArgumentNullException.ThrowIfNull(apps);
        var before = Set.Value;
        Set.Value = apps;
        return new Scope(before);
    }

    /// <summary>The application named on the command line (or the default one).</summary>
    public static IApplication Get(string name) =>
        Current.TryGet(name, out var app) ? app : throw new UsageException($"unknown app '{name}': this program serves {string.Join(", ", Current.Names)}");

    private sealed class Scope(ApplicationSet? before) : IDisposable
    {
        public void Dispose() => Set.Value = before;
    }

    /// <summary>The names of <see cref="Current"/>, read at each use (help tables are built once).</summary>
    internal sealed class NameList : IReadOnlyList<string>
    {
        public string this[int index] => Current.Names[index];

        public int Count => Current.Count;

        public IEnumerator<string> GetEnumerator() => Current.Names.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
