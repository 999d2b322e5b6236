using System.Diagnostics;

namespace FtCore.Transport.Tests.Support;

/// <summary>Polling with a deadline: the only way these tests wait for something to happen.</summary>
internal static class Poll
{
    /// <summary>Generous: loopback answers in microseconds, but a loaded 2-core machine may stall for seconds.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, Func<string> what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > limit) throw new TimeoutException($"not reached within {limit.TotalSeconds:0.#} s: {what()}");
            await Task.Delay(10);
        }
    }
}
