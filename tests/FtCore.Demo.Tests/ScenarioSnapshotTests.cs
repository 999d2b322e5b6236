using FtCore.Demo.Tests.Golden;
using FtCore.Sim;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>Every scenario passes its checks and prints exactly the transcript in testdata/scenario-NAME.verified.txt.</summary>
public class ScenarioSnapshotTests
{
    public static TheoryData<string> ScenarioNames => new(Scenarios.Names);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario_transcript_matches_golden_file(string name)
    {
        var result = Run(name);
        Assert.True(result.Passed, $"scenario {name} failed: {string.Join("; ", result.Violations)}");
        GoldenFile.Verify($"scenario-{name}", string.Join("\n", result.Transcript));
    }

    [Theory]
    [InlineData("m2")]
    [InlineData("m5-passive")]
    public void Two_runs_of_a_scenario_give_identical_transcripts(string name)
    {
        var first = Run(name).Transcript;
        var second = Run(name).Transcript;
        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    private static SimResult Run(string name) => SimRunner.Run(new SimOptions { Scenario = name, Transcript = true });
}
