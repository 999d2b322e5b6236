using System.Diagnostics.Metrics;
using FtCore.Core.Ids;
using FtCore.Core.Links;

namespace FtCore.Transport.Tcp.Metrics;

/// <summary>
/// A <see cref="MeterListener"/> on <see cref="FtCoreMetrics.MeterName"/> that keeps, per instrument
/// and tag values, counters' totals since it started and histograms' current window (in
/// microseconds, in a <see cref="LatencyHistogram"/>), taken with <see cref="Take"/>. Recording
/// happens on whichever loop thread measured; taking on another thread: each series has its own lock,
/// held for a few instructions. Nothing allocates per measurement once a series exists.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<Instrumented> _instruments = [];

    public MetricsCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name != FtCoreMetrics.MeterName) return;
            var state = new Instrumented(instrument.Name, instrument is Histogram<double>);
            lock (_gate) _instruments.Add(state);
            listener.EnableMeasurementEvents(instrument, state);
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((Instrumented)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((Instrumented)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Every series now: counters' totals, histograms' window since the last take (which starts a new one). Series in name, then tag order.</summary>
    public MetricsSnapshot Take()
    {
        List<Instrumented> all;
        lock (_gate) all = [.. _instruments];
        var counters = new List<(string Name, string Tags, long Total)>();
        var histograms = new List<(string Name, string Tags, LatencyHistogram Window)>();
        foreach (var i in all)
        {
            foreach (var s in i.SeriesNow())
            {
                if (i.IsHistogram) histograms.Add((i.Name, s.Tags, s.TakeWindow()));
                else counters.Add((i.Name, s.Tags, s.Total));
            }
        }
        counters.Sort((a, b) => Compare(a.Name, a.Tags, b.Name, b.Tags));
        histograms.Sort((a, b) => Compare(a.Name, a.Tags, b.Name, b.Tags));
        return new MetricsSnapshot(counters, histograms);
    }

    private static int Compare(string n1, string t1, string n2, string t2)
    {
        var c = string.CompareOrdinal(n1, n2);
        return c != 0 ? c : string.CompareOrdinal(t1, t2);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One instrument's series, by tag values.</summary>
    private sealed class Instrumented(string name, bool histogram)
    {
        private readonly Lock _gate = new();
        private Series[] _series = [];

        public string Name => name;

        public bool IsHistogram => histogram;

        public Series[] SeriesNow() => Volatile.Read(ref _series);

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var s = Find(tags);
            if (histogram) s.Observe((long)Math.Round(value * 1e6));
            else s.Add((long)value);
        }

        public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var s = Find(tags);
            if (histogram) s.Observe(value);
            else s.Add(value);
        }

        private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // The hot path: the same tag value objects as before (a host caches its tag strings), found by reference.
            var key = RefKey.Of(tags);
            if (key is { } k && Volatile.Read(ref _byRef).TryGetValue(k, out var hit)) return hit;
            lock (_gate)
            {
                Series? found = null;
                foreach (var s in _series)
                {
                    if (s.Matches(tags))
                    {
                        found = s;
                        break;
                    }
                }
                if (found is null)
                {
                    found = new Series(tags);
                    Volatile.Write(ref _series, [.. _series, found]);
                }
                // Bounded: tag strings made anew for each measurement would otherwise grow it forever.
                if (key is { } add && _byRef.Count < MaxRefKeys && !_byRef.ContainsKey(add))
                {
                    // Copied, never changed once published: readers need no lock.
                    Volatile.Write(ref _byRef, new Dictionary<RefKey, Series>(_byRef) { [add] = found });
                }
                return found;
            }
        }

        private const int MaxRefKeys = 4096;
        private Dictionary<RefKey, Series> _byRef = [];
    }

    /// <summary>Up to two tags' keys and values by reference identity (strings are compared as objects).</summary>
    private readonly struct RefKey(int count, object? k1, object? v1, object? k2, object? v2) : IEquatable<RefKey>
    {
        private readonly int _count = count;
        private readonly object? _k1 = k1, _v1 = v1, _k2 = k2, _v2 = v2;

        /// <summary>Null for more than two tags or a value that is not a string (a boxed number is a new object each time).</summary>
        public static RefKey? Of(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var t in tags)
            {
                if (t.Value is not (null or string)) return null;
            }
            return tags.Length switch
            {
            0 => new RefKey(0, null, null, null, null),
            1 => new RefKey(1, tags[0].Key, tags[0].Value, null, null),
            2 => new RefKey(2, tags[0].Key, tags[0].Value, tags[1].Key, tags[1].Value),
            _ => null,
            };
        }

        public bool Equals(RefKey other) => _count == other._count
            && ReferenceEquals(_k1, other._k1) && ReferenceEquals(_v1, other._v1) && ReferenceEquals(_k2, other._k2) && ReferenceEquals(_v2, other._v2);

        public override bool Equals(object? obj) => obj is RefKey k && Equals(k);

        public override int GetHashCode() => HashCode.Combine(_count, Id(_k1), Id(_v1), Id(_k2), Id(_v2));

        private static int Id(object? o) => o is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(o);
    }

    /// <summary>One series: its tag values, its total (counter) or window (histogram).</summary>
    internal sealed class Series
    {
        private readonly (string Key, string Value)[] _tags;
        private readonly Lock _gate = new();
        private LatencyHistogram _window = new();
        private long _total;

        public Series(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            _tags = new (string, string)[tags.Length];
            for (var i = 0; i < tags.Length; i++) _tags[i] = (tags[i].Key, tags[i].Value?.ToString() ?? "");
            Tags = string.Join(",", _tags.Select(t => t.Key + "=" + t.Value));
        }

        /// <summary>"key=value,key=value" in the order recorded, "" when none.</summary>
        public string Tags { get; }

        public string? Tag(string key) => _tags.FirstOrDefault(t => t.Key == key).Value;

        public long Total => Interlocked.Read(ref _total);

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length != _tags.Length) return false;
            for (var i = 0; i < tags.Length; i++)
            {
                if (!string.Equals(tags[i].Key, _tags[i].Key, StringComparison.Ordinal)) return false;
                var v = tags[i].Value;
                if (v is string s ? !string.Equals(s, _tags[i].Value, StringComparison.Ordinal) : v?.ToString() != _tags[i].Value) return false;
            }
            return true;
        }

        public void Add(long value) => Interlocked.Add(ref _total, value);

        public void Observe(long us)
        {
            lock (_gate) _window.Record(us);
        }

        /// <summary>The window so far (the caller's to read) and a fresh one in its place.</summary>
        public LatencyHistogram TakeWindow()
        {
            var fresh = new LatencyHistogram();
            lock (_gate)
            {
                var taken = _window;
                _window = fresh;
                return taken;
            }
        }
    }
}

/// <summary>What a <see cref="MetricsCollector"/> had at one moment.</summary>
internal sealed record MetricsSnapshot(
    IReadOnlyList<(string Name, string Tags, long Total)> Counters,
    IReadOnlyList<(string Name, string Tags, LatencyHistogram Window)> Histograms)
{
    /// <summary>The round-trip windows as link rows (from, to), in that order.</summary>
    public List<LinkStat> Links()
    {
        var rows = new List<LinkStat>();
        foreach (var (name, tags, h) in Histograms)
        {
            if (name != FtCoreMetrics.RoundTrip || h.Count == 0) continue;
            string? from = null, peer = null;
            foreach (var kv in tags.Split(','))
            {
                var eq = kv.IndexOf('=');
                if (eq < 0) continue;
                if (kv[..eq] == "from") from = kv[(eq + 1)..];
                else if (kv[..eq] == "peer") peer = kv[(eq + 1)..];
            }
            if (NodeId.TryParse(from, out var f) && NodeId.TryParse(peer, out var p)) rows.Add(LinkStat.Of(f, p, h));
        }
        rows.Sort((a, b) => a.From != b.From ? a.From.CompareTo(b.From) : a.To.CompareTo(b.To));
        return rows;
    }
}
