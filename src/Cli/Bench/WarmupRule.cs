namespace FtCore.Demo.Bench;

/// <summary>
/// When an automatic warm-up ends: the rate of answered requests is taken over each whole second;
/// the warm-up is over once it ran <see cref="MinSeconds"/> and no second in the last
/// <see cref="FlatSeconds"/> beat the best rate before them by more than <see cref="Rise"/>, or
/// after <see cref="MaxSeconds"/> in any case. Freshly started processes compile their hot paths for
/// a few seconds (on 2 shared cores, 64 clients active went from 3,600 to 20,000 requests/s over
/// the first 5 s), so a fixed short warm-up measured part of that ramp.
/// </summary>
internal sealed class WarmupRule
{
    public const int MinSeconds = 3;
    public const int FlatSeconds = 3;
    public const int MaxSeconds = 20;
    public const double Rise = 1.05;

    private readonly List<double> _rates = [];
    private long _lastDone;
    private int _seconds;

    /// <summary>The per-second rates seen so far.</summary>
    public IReadOnlyList<double> Rates => _rates;

    /// <summary>Fed often (every 50 ms) with the time since the warm-up began and the requests answered so far; true once it is over.</summary>
    public bool Over(TimeSpan elapsed, long done)
    {
        while (elapsed.TotalSeconds >= _seconds + 1)
        {
            _seconds++;
            _rates.Add(done - _lastDone);
            _lastDone = done;
        }
        if (_seconds >= MaxSeconds) return true;
        if (_seconds < MinSeconds || _rates.Count <= FlatSeconds) return false;
        var before = 0.0;
        for (var i = 0; i < _rates.Count - FlatSeconds; i++) before = Math.Max(before, _rates[i]);
        for (var i = _rates.Count - FlatSeconds; i < _rates.Count; i++)
        {
            if (_rates[i] > before * Rise) return false;
        }
        return true;
    }

    /// <summary>Starts counting from <paramref name="done"/> requests (those answered before the warm-up began).</summary>
    public void Start(long done) => _lastDone = done;
}
