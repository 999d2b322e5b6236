using FtCore.Demo.Bench;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>The bench's automatic warm-up: over once the per-second rate stops rising, within 3 to 20 s.</summary>
public sealed class WarmupRuleTests
{
    /// <summary>Feeds one cumulative count per second; the second at which the rule said it was over, or -1.</summary>
    private static int OverAt(params long[] perSecond)
    {
        var rule = new WarmupRule();
        rule.Start(0);
        long done = 0;
        for (var s = 0; s < perSecond.Length; s++)
        {
            done += perSecond[s];
            // Fed every 50 ms as the bench does: the count reached at the end of second s shows up at s + 1.
            for (var ms = 50; ms <= 1000; ms += 50)
            {
                if (rule.Over(TimeSpan.FromMilliseconds(s * 1000 + ms), ms == 1000 ? done : done - perSecond[s] + perSecond[s] * ms / 1000)) return s + 1;
            }
        }
        return -1;
    }

    [Fact]
    public void TheFlag_TakesAutoOrADuration_AndSaysSoWhenWrong()
    {
        Assert.Equal(BenchOptions.AutoWarmup, BenchOptions.Parse([]).WarmupMs);
        Assert.Equal(BenchOptions.AutoWarmup, BenchOptions.Parse(["--warmup", "auto"]).WarmupMs);
        Assert.Equal(1_500, BenchOptions.Parse(["--warmup", "1500ms"]).WarmupMs);
        var e = Assert.Throws<FtCore.Demo.Cli.UsageException>(() => BenchOptions.Parse(["--warmup", "soon"]));
        Assert.Contains("--warmup must be auto or a duration", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARamp_IsWaitedOut_UntilThreeSecondsSetNoNewHigh()
    {
        // The ramp seen at 64 clients, active: compiling for 5 s, then flat with noise.
        Assert.Equal(8, OverAt(3_640, 4_141, 5_976, 12_447, 20_610, 17_923, 18_616, 18_821, 18_518, 16_117));
    }

    [Fact]
    public void AFlatStart_StillRunsTheMinimum()
    {
        Assert.Equal(4, OverAt(10_000, 10_000, 10_000, 10_000, 10_000, 10_000));
    }

    [Fact]
    public void ARiseWithinFivePercent_CountsAsFlat_ALargerOneDoesNot()
    {
        Assert.Equal(5, OverAt(10_000, 11_000, 11_500, 11_400, 11_500, 11_000));
        Assert.Equal(8, OverAt(10_000, 11_000, 11_000, 11_000, 12_000, 11_000, 11_000, 11_000));
    }

    [Fact]
    public void ARateThatKeepsRising_StopsAtTheMaximum()
    {
        var rising = Enumerable.Range(1, 30).Select(i => (long)(1000 * Math.Pow(1.1, i))).ToArray();
        Assert.Equal(WarmupRule.MaxSeconds, OverAt(rising));
    }
}
