using System.Diagnostics;
using System.Globalization;

namespace FtCore.Demo.Bench;

/// <summary>The waiting of a bench run (FtCore's or Redis's): a warm-up, a measured window, ops/s printed every second.</summary>
internal static class BenchProgress
{
    /// <summary>
    /// Runs the warm-up <paramref name="warmupMs"/> asks for: fixed, or <see cref="BenchOptions.AutoWarmup"/>
    /// until the rate stops rising (<see cref="WarmupRule"/>). <paramref name="check"/> runs every 50 ms
    /// (it throws to end the run).
    /// </summary>
    public static Task WarmUpAsync(long warmupMs, string clients, Func<long> completed, Stopwatch clock, Action<string> say, Action check, CancellationToken cancel)
    {
        if (warmupMs != BenchOptions.AutoWarmup)
        {
            say(string.Create(CultureInfo.InvariantCulture, $"{clients} running; warm-up {warmupMs / 1000.0:0.#} s"));
            return WaitAsync(completed, clock, TimeSpan.FromMilliseconds(warmupMs), "warm-up", say, _ => { check(); return false; }, cancel);
        }
        say($"{clients} running; warm-up until the rate stops rising ({WarmupRule.MinSeconds} to {WarmupRule.MaxSeconds} s)");
        var rule = new WarmupRule();
        rule.Start(completed());
        return WaitAsync(completed, clock, TimeSpan.FromSeconds(WarmupRule.MaxSeconds), "warm-up", say, done => { check(); return rule.Over(clock.Elapsed, done); }, cancel);
    }

    /// <summary>Waits <paramref name="span"/> (or until <paramref name="stop"/> says so, asked every 50 ms with the requests answered), printing ops/s every second.</summary>
    public static async Task WaitAsync(Func<long> completed, Stopwatch clock, TimeSpan span, string phase, Action<string> say, Func<long, bool> stop, CancellationToken cancel)
    {
        var start = Stopwatch.StartNew();
        var lastDone = completed();
        var lastAt = start.Elapsed;
        var nextPrint = TimeSpan.FromSeconds(1);
        while (start.Elapsed < span)
        {
            cancel.ThrowIfCancellationRequested();
            var left = span - start.Elapsed;
            await Task.Delay(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50), cancel).ConfigureAwait(false);
            var done = completed();
            if (stop(done)) return;
            if (start.Elapsed >= nextPrint)
            {
                var now = start.Elapsed;
                var rate = (done - lastDone) / Math.Max(1e-9, (now - lastAt).TotalSeconds);
                say(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,6:0.0} s  {phase,-9} {rate,10:N0} ops/s"));
                lastDone = done;
                lastAt = now;
                nextPrint += TimeSpan.FromSeconds(1);
            }
        }
    }
}
