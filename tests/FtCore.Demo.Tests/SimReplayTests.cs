using System.Diagnostics;
using System.Text.Json;
using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Demo.Commands;
using FtCore.Sim;
using FtCore.Sim.Faults;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>
/// Failures that replay: the printed command runs the same build on the same schedule, a run never
/// overwrites the schedule it was given, the excerpt shows every process the violation names, and
/// the summary and --json name the faults.
/// </summary>
public sealed class SimReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ftcore-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Naive = ["--protocol", "naive", "--faults", "crash", "--duration", "20s", "--seed", "1"];

    private static (int Exit, string Stdout, string Stderr) Sim(params string[] args) => SimCli.Run(args);

    private static string LineAfter(string output, string prefix) =>
        output.Split('\n').Select(l => l.TrimStart()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim()
        ?? throw new Xunit.Sdk.XunitException($"no line starting '{prefix}' in:\n{output}");

    /// <summary>A generated schedule that the naive protocol fails on, saved as a --schedule file.</summary>
    private string FailingSchedule(string name)
    {
        var o = new SimOptions { Seed = 1, Protocol = ProtocolKind.Naive, DurationMs = 20_000, Faults = FaultClass.Crash };
        var (_, schedule, _) = SimRunner.Prepare(o);
        Assert.NotEmpty(schedule.Faults);
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, schedule.ToJson());
        return path;
    }

    // 1. The same build.

    private static InvocationFacts Facts(string? processPath, string configuration = "Release", bool entry = true, string[]? parent = null, string cwd = "/home/u/repo", string[]? pathDirs = null) => new()
    {
        ProcessPath = processPath,
        AssemblyPath = "/home/u/repo/src/Demo/bin/" + configuration + "/net10.0/ftcore.dll",
        FtcoreIsEntry = entry,
        Configuration = configuration,
        ParentCommandLine = parent,
        CurrentDirectory = cwd,
        PathDirectories = pathDirs ?? ["/usr/bin"],
    };

    [Fact]
    public void Dotnet_run_replays_with_the_configuration_and_project_it_was_run_with()
    {
        var release = Facts("/home/u/repo/src/Demo/bin/Release/net10.0/ftcore", parent: ["dotnet", "run", "-c", "Release", "--project", "src/Demo", "--", "sim"]);
        Assert.Equal("dotnet run -c Release --project src/Demo --", SelfInvocation.Prefix(release));
        var debug = Facts("/home/u/repo/src/Demo/bin/Debug/net10.0/ftcore", configuration: "Debug", parent: ["/usr/bin/dotnet", "run", "--project=src/Demo"]);
        Assert.Equal("dotnet run -c Debug --project src/Demo --", SelfInvocation.Prefix(debug));
    }

    [Fact]
    public void An_ftcore_executable_replays_with_itself()
    {
        var published = "/opt/ftcore/ftcore";
        Assert.Equal("/opt/ftcore/ftcore", SelfInvocation.Prefix(Facts(published, parent: ["-bash"])));
        Assert.Equal("ftcore", SelfInvocation.Prefix(Facts(published, parent: ["-bash"], pathDirs: ["/usr/bin", "/opt/ftcore"])));
        Assert.Equal("src/Demo/bin/Release/net10.0/ftcore", SelfInvocation.Prefix(Facts("/home/u/repo/src/Demo/bin/Release/net10.0/ftcore", parent: ["bash"])));
        Assert.Equal("./ftcore", SelfInvocation.Prefix(Facts("/home/u/repo/ftcore", parent: ["bash"])));
        Assert.Equal("'/opt/my tools/ftcore'", SelfInvocation.Prefix(Facts("/opt/my tools/ftcore", parent: ["bash"])));
        // A test host that starts the executable is not dotnet run.
        Assert.Equal("/opt/ftcore/ftcore", SelfInvocation.Prefix(Facts(published, parent: ["/usr/share/dotnet/dotnet", "exec", "testhost.dll"])));
    }

    [Fact]
    public void Dotnet_ftcore_dll_replays_with_the_same_dll()
    {
        Assert.Equal("dotnet src/Demo/bin/Release/net10.0/ftcore.dll", SelfInvocation.Prefix(Facts("/usr/share/dotnet/dotnet", parent: ["bash"])));
    }

    [Fact]
    public void Inside_another_host_the_replay_runs_the_project_in_this_builds_configuration()
    {
        Assert.Equal("dotnet run -c Debug --project src/Demo --", SelfInvocation.Prefix(Facts("/usr/share/dotnet/dotnet", configuration: "Debug", entry: false)));
#if DEBUG
        const string expected = "Debug";
#else
        const string expected = "Release";
#endif
        Assert.Equal(expected, SelfInvocation.ConfigurationOf(typeof(SimCommand).Assembly));
        var (exit, stdout, _) = Sim([.. Naive, "--no-shrink"]);
        Assert.Equal(1, exit);
        Assert.StartsWith($"dotnet run -c {expected} --project src/Demo -- sim ", LineAfter(stdout, "replay:"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_ftcore_executable_prints_itself_in_the_replay_and_the_replay_reproduces_the_failure()
    {
        var exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ftcore.exe" : "ftcore");
        Assert.True(File.Exists(exe), $"no ftcore executable at {exe}");
        var (exit, stdout) = RunProcess(exe, ["sim", .. Naive, "--no-shrink"]);
        Assert.True(exit == 1, $"exit {exit}\n{stdout}");
        var replay = LineAfter(stdout, "replay:");
        Assert.StartsWith(exe + " sim ", replay, StringComparison.Ordinal);
        var words = replay.Split(' ');
        var (again, output) = RunProcess(words[0], [.. words[1..], "--no-shrink"]);
        Assert.Equal(1, again);
        Assert.Equal(LineAfter(stdout, "FAILED kind="), LineAfter(output, "FAILED kind="));
    }

    private (int Exit, string Stdout) RunProcess(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{file} did not exit within 60 s");
        }
        return (p.ExitCode, stdout.Result.ReplaceLineEndings("\n") + stderr.Result.ReplaceLineEndings("\n"));
    }

    // 2 and 3. A --schedule run replays that schedule and never overwrites it.

    [Fact]
    public void A_schedule_run_replays_the_schedule_and_saves_the_shrunk_one_beside_it()
    {
        var input = FailingSchedule("seed-1.schedule.json");
        var before = File.ReadAllBytes(input);
        var (exit, stdout, _) = Sim("--schedule", input);
        Assert.True(exit == 1, stdout);
        Assert.Equal(before, File.ReadAllBytes(input));
        var replay = LineAfter(stdout, "replay:");
        Assert.EndsWith(" sim --schedule " + input, replay, StringComparison.Ordinal);
        Assert.DoesNotContain("--seed", replay, StringComparison.Ordinal);
        var shrunk = Path.Combine(_dir, "seed-1.schedule.shrunk.json");
        Assert.EndsWith(" sim --schedule " + shrunk, LineAfter(stdout, "replay the shrunk schedule:"), StringComparison.Ordinal);
        var small = FaultSchedule.FromJson(File.ReadAllText(shrunk), shrunk);
        Assert.True(small.Faults.Count < FaultSchedule.FromJson(File.ReadAllText(input), input).Faults.Count);

        // The printed replay reproduces the failure, and replaying the shrunk file leaves it alone too.
        var shrunkBytes = File.ReadAllBytes(shrunk);
        var (again, output, _) = Sim("--schedule", shrunk);
        Assert.Equal(1, again);
        Assert.Equal(LineAfter(stdout, "FAILED kind="), LineAfter(output, "FAILED kind="));
        Assert.Equal(shrunkBytes, File.ReadAllBytes(shrunk));
    }

    [Fact]
    public void A_schedule_run_with_failures_dir_saves_the_shrunk_schedule_there()
    {
        var input = FailingSchedule("found.json");
        var before = File.ReadAllBytes(input);
        var dir = Path.Combine(_dir, "out");
        var (exit, stdout, _) = Sim("--schedule", input, "--failures-dir", dir);
        Assert.True(exit == 1, stdout);
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.True(File.Exists(Path.Combine(dir, "found.shrunk.json")), stdout);
    }

    [Theory]
    [InlineData("failures/seed-7.schedule.json", "", false, "failures/seed-7.schedule.shrunk.json")]
    [InlineData("a/b.shrunk.json", "", false, "a/b.shrunk.shrunk.json")]
    [InlineData("plan", "", false, "plan.shrunk.json")]
    [InlineData("a/plan.json", "out", true, "out/plan.shrunk.json")]
    public void A_shrunk_schedule_never_goes_to_the_input_path(string input, string dir, bool dirGiven, string expected)
    {
        var path = SimFailureReport.ShrunkPath(input, dir, dirGiven, 7);
        Assert.Equal(expected, path);
        Assert.False(SimFailureReport.SamePath(path, input));
        // Even a --failures-dir holding a file of the shrunk name as input gets a new name.
        var clash = SimFailureReport.ShrunkPath("out/plan.shrunk.json", "out", true, 7);
        Assert.False(SimFailureReport.SamePath(clash, "out/plan.shrunk.json"));
    }

    [Theory]
    [InlineData("--transcript")]
    [InlineData("--history")]
    public void An_output_that_is_the_schedule_file_is_a_usage_error(string flag)
    {
        var input = FailingSchedule("plan.json");
        var before = File.ReadAllBytes(input);
        var (exit, _, stderr) = Sim("--schedule", input, flag, input);
        Assert.Equal(2, exit);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(flag, stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void A_seed_run_replays_by_seed_and_saves_its_shrunk_schedule_in_the_failures_dir()
    {
        var dir = Path.Combine(_dir, "failures");
        var (exit, stdout, _) = Sim([.. Naive, "--failures-dir", dir]);
        Assert.Equal(1, exit);
        Assert.Contains(" sim --mode active --app counter --protocol naive --seed 1 --duration 20s", LineAfter(stdout, "replay:"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "seed-1.schedule.json")), stdout);
    }

    // 4. The excerpt shows every process the violation names.

    [Fact]
    public void The_excerpt_shows_both_replicas_that_disagree()
    {
        var (exit, stdout, _) = Sim([.. Naive, "--no-shrink"]);
        Assert.Equal(1, exit);
        var violation = SimRunner.Run(new SimOptions { Seed = 1, Protocol = ProtocolKind.Naive, DurationMs = 20_000, Faults = FaultClass.Crash }).Violations[0];
        Assert.True(violation.Processes.Count >= 2, violation.ToString());
        var lines = stdout.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("  transcript excerpt", StringComparison.Ordinal));
        var excerpt = lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        var shown = excerpt.Select(FailureExcerpt.ProcessOf).ToHashSet();
        Assert.All(violation.Processes, p => Assert.Contains(p, shown));
    }

    [Fact]
    public void A_quiet_process_keeps_its_share_of_the_excerpt()
    {
        var transcript = new List<string> { "S2 | [00:00:00.001] the one line of S2", "SIM | [00:00:00.002] fault injected: 2ms Crash S3" };
        for (var i = 0; i < 500; i++) transcript.Add($"S1 | [00:00:01.{i % 1000:000}] chatter {i}");
        transcript.Add("C1 | [00:00:02.000] not named");
        var e = FailureExcerpt.Choose(transcript, ["S1", "S2", "S4"]);
        Assert.Contains("S2 | [00:00:00.001] the one line of S2", e.Lines);
        Assert.Contains("SIM | [00:00:00.002] fault injected: 2ms Crash S3", e.Lines);
        Assert.Contains("S1 | [00:00:01.499] chatter 499", e.Lines);
        Assert.DoesNotContain(e.Lines, l => l.StartsWith("C1 ", StringComparison.Ordinal));
        Assert.Equal(["S4"], e.Silent);
        Assert.True(e.Lines.Count <= FailureExcerpt.Budget + 4);
        // In transcript order.
        Assert.Equal(e.Lines.OrderBy(transcript.IndexOf), e.Lines);
    }

    // 5. The summary and --json name the faults.

    [Fact]
    public void The_summary_lists_each_fault_with_its_time_kind_target_and_what_became_of_it()
    {
        var (exit, stdout, _) = Sim("--seed", "3", "--duration", "30s");
        Assert.True(exit == 0, stdout);
        Assert.Contains("    00:00:03.519 quick-restart S1 back after 100 ms ", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n    00:00:04\.397 crash-leader-after-reply +injected: fired at 00:00:04\.\d{3}: leader S\d killed", stdout);
        Assert.Matches(@"\n    00:00:06\.672 relaunch all +skipped: no replica is down\n", stdout);
        Assert.DoesNotContain("outside the fault model or nothing to do", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_holds_the_schedule_as_a_schedule_file_and_each_faults_outcome()
    {
        var (exit, stdout, _) = Sim("--seed", "3", "--duration", "30s", "--json");
        Assert.True(exit == 0, stdout);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var schedule = FaultSchedule.FromJson(root.GetProperty("schedule").GetRawText(), "--json schedule");
        var expected = SimRunner.Prepare(new SimOptions { Seed = 3, DurationMs = 30_000 }).Schedule;
        Assert.Equal(expected.ToJson(), schedule.ToJson());
        var outcomes = root.GetProperty("fault_outcomes").EnumerateArray().ToList();
        Assert.Equal(root.GetProperty("faults_injected").GetInt32() + root.GetProperty("faults_skipped").GetInt32(), outcomes.Count);
        var skipped = Assert.Single(outcomes, o => !o.GetProperty("injected").GetBoolean());
        Assert.Equal(6672, skipped.GetProperty("at_ms").GetInt64());
        Assert.Equal("relaunch", skipped.GetProperty("kind").GetString());
        Assert.Equal("all", skipped.GetProperty("target").GetString());
        Assert.Equal("no replica is down", skipped.GetProperty("detail").GetString());
    }

    [Fact]
    public void Json_of_a_failing_schedule_run_carries_its_replay()
    {
        var input = FailingSchedule("plan.json");
        var (exit, stdout, _) = Sim("--schedule", input, "--json", "--no-shrink");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.EndsWith(" sim --schedule " + input, doc.RootElement.GetProperty("replay").GetString(), StringComparison.Ordinal);
    }
}
