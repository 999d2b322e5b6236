using System.Text.Json;
using FtCore.Demo.Commands;
using FtCore.Demo.Tests.Golden;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>The console output of ftcore sim: the text summary as a golden file, the --json summary by its fields.</summary>
public class SummarySnapshotTests
{
    [Fact]
    public void Text_summary_of_m5_passive_matches_golden_file()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = SimCommand.Run(["--scenario", "m5-passive"], stdout, stderr);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal("", stderr.ToString());
        // Wall time is the one line that varies between runs.
        var lines = stdout.ToString().ReplaceLineEndings("\n").Split('\n').Where(l => !l.StartsWith("  wall time", StringComparison.Ordinal));
        GoldenFile.Verify("sim-summary-m5-passive", string.Join("\n", lines));
    }

    [Fact]
    public void Json_summary_of_m2_has_every_field()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = SimCommand.Run(["--scenario", "m2", "--json"], stdout, stderr);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var doc = JsonDocument.Parse(stdout.ToString());
        var root = doc.RootElement;
        foreach (var field in new[] { "seed", "mode", "app", "protocol", "requests_completed", "faults_injected", "view_changes", "deliveries", "longest_stall_ms", "violations", "wall_ms" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"--json output lacks '{field}': {root}");
        }
        Assert.Equal(JsonValueKind.Array, root.GetProperty("violations").ValueKind);
        Assert.Equal(0, root.GetProperty("violations").GetArrayLength());
        Assert.Equal(1UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal("counter", root.GetProperty("app").GetString());
        Assert.True(root.GetProperty("requests_completed").GetInt64() > 0);
    }
}
