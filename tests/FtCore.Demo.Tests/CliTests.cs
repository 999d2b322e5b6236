using System.Text.Json;
using System.Text.RegularExpressions;
using FtCore.Demo.Cli;
using FtCore.Demo.Commands;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>ftcore sim's flags: bad usage exits 2 with one line naming the flag; --history and --transcript write files.</summary>
public sealed partial class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ftcore-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Stdout, string Stderr) Sim(params string[] args) => SimCli.Run(args);

    [Theory]
    [InlineData("--mode", "--mode", "sideways")]
    [InlineData("--seed", "--seed", "abc")]
    [InlineData("--duration", "--duration", "5x")]
    [InlineData("--replicas", "--replicas", "0")]
    [InlineData("--bogus", "--bogus", "1")]
    [InlineData("--runs", "--runs", "5", "--history", "h.jsonl")]
    [InlineData("--history", "--runs", "5", "--history", "h.jsonl")]
    [InlineData("--schedule", "--schedule", "/nonexistent.json")]
    [InlineData("--scenario", "--scenario", "m9")]
    public void Bad_usage_exits_2_with_one_line_naming_the_flag(string flag, params string[] args)
    {
        AssertUsageError(flag, args);
    }

    [Fact]
    public void Schedule_file_with_invalid_json_is_a_usage_error()
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, "{ this is not json");
        AssertUsageError("--schedule", "--schedule", path);
    }

    [Fact]
    public void History_writes_json_lines_starting_with_an_invoke()
    {
        var path = Path.Combine(_dir, "h.jsonl");
        var (exit, stdout, stderr) = Sim("--scenario", "m2", "--history", path);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var first = File.ReadLines(path).First();
        using var doc = JsonDocument.Parse(first);
        Assert.Equal("invoke", doc.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void Transcript_to_a_file_writes_process_time_text_lines()
    {
        var path = Path.Combine(_dir, "t.txt");
        var (exit, stdout, stderr) = Sim("--scenario", "m1", "--transcript", path);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var lines = File.ReadAllLines(path);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(TranscriptLine(), l));
    }

    private static void AssertUsageError(string flag, params string[] args)
    {
        var (exit, stdout, stderr) = Sim(args);
        Assert.True(exit == 2, $"exit {exit}, expected 2\n{stdout}\n{stderr}");
        var lines = stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{stderr}");
        Assert.StartsWith("ftcore: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(flag, lines[0], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_]+ \| \[\d\d:\d\d:\d\d\.\d{3}\] .+$")]
    private static partial Regex TranscriptLine();
}
