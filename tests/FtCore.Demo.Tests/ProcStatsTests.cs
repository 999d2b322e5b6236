using FtCore.Demo.Bench;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>What the bench reads from /proc: this process's CPU time and the machine's busy time, both counting up.</summary>
public sealed class ProcStatsTests
{
    [Fact]
    public void CpuTimes_AreReadAndGrowWithWork()
    {
        if (!OperatingSystem.IsLinux()) return;
        var self = ProcStats.CpuMs(Environment.ProcessId);
        var machine = ProcStats.MachineCpuMs();
        Assert.NotNull(self);
        Assert.NotNull(machine);
        // Burn at least 50 ms of CPU (bounded by count, not time) so both clocks (10 ms ticks) must move.
        var selfAfter = self;
        for (var i = 0; i < 200 && selfAfter - self < 50; i++)
        {
            var x = 0UL;
            for (var j = 0; j < 2_000_000; j++) x = x * 6364136223846793005UL + 1442695040888963407UL;
            GC.KeepAlive(x);
            selfAfter = ProcStats.CpuMs(Environment.ProcessId);
        }
        Assert.True(selfAfter - self >= 50, $"process CPU moved {selfAfter - self} ms");
        Assert.True(ProcStats.MachineCpuMs() - machine >= 40, "the machine's busy time counts this process's work too");
        Assert.Null(ProcStats.CpuMs(int.MaxValue));
    }
}
