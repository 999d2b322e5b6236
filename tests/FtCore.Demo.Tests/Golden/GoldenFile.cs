using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace FtCore.Demo.Tests.Golden;

/// <summary>
/// Compares text with testdata/NAME.verified.txt (in the source tree, whatever the working directory).
/// On a mismatch writes NAME.received.txt beside it and fails with the first differing line.
/// FTCORE_ACCEPT=1 (or FTCORE_REWRITE=1) overwrites the verified file instead.
/// </summary>
internal static class GoldenFile
{
    public const string Hint = "set FTCORE_ACCEPT=1 to accept the new output, then review the diff with git";
    private const int Context = 3;

    public static string Directory { get; } = FindTestData();

    public static void Verify(string name, string actual)
    {
        actual = Normalize(actual);
        var verified = Path.GetFullPath(Path.Combine(Directory, name + ".verified.txt"));
        var received = Path.GetFullPath(Path.Combine(Directory, name + ".received.txt"));
        if (Environment.GetEnvironmentVariable("FTCORE_ACCEPT") == "1" || Environment.GetEnvironmentVariable("FTCORE_REWRITE") == "1")
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        if (!File.Exists(verified))
        {
            File.WriteAllText(received, actual);
            throw new XunitException($"golden file {verified} is missing; the output is in {received}\n{Hint}");
        }
        var expected = Normalize(File.ReadAllText(verified));
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        throw new XunitException(Diff(expected, actual, verified, received));
    }

    /// <summary>\n line endings and one final newline, so editors and git settings do not matter.</summary>
    private static string Normalize(string s)
    {
        s = s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return s.EndsWith('\n') ? s : s + "\n";
    }

    private static string Diff(string expected, string actual, string verified, string received)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        var i = 0;
        while (i < e.Length && i < a.Length && e[i] == a[i]) i++;
        var sb = new StringBuilder($"{verified} differs at line {i + 1} (- expected, + actual); the output is in {received}\n");
        for (var k = Math.Max(0, i - Context); k < i; k++) sb.Append($"   {k + 1,5}  {e[k]}\n");
        Lines(sb, '-', e, i);
        Lines(sb, '+', a, i);
        return sb.Append(Hint).ToString();
    }

    private static void Lines(StringBuilder sb, char mark, string[] lines, int from)
    {
        if (from >= lines.Length) sb.Append($"{mark}  {from + 1,5}  <end of file>\n");
        for (var k = from; k < Math.Min(lines.Length, from + Context); k++) sb.Append($"{mark}  {k + 1,5}  {lines[k]}\n");
    }

    /// <summary>Beside this source file; with a path map (CI builds map sources to /_/), found from the solution root.</summary>
    private static string FindTestData()
    {
        var source = Path.GetDirectoryName(ThisFile());
        if (source is not null && System.IO.Directory.Exists(source)) return Path.GetFullPath(Path.Combine(source, "..", "testdata"));
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "FtCore.sln"))) return Path.Combine(d.FullName, "tests", "FtCore.Demo.Tests", "testdata");
        }
        throw new InvalidOperationException("cannot find tests/FtCore.Demo.Tests/testdata from " + AppContext.BaseDirectory);
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
