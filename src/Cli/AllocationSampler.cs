using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace FtCore.Demo;

/// <summary>
/// With FTCORE_ALLOC_TRACE=1, counts the runtime's allocation samples (one GCAllocationTick event
/// per about 100 KB allocated, naming the type that crossed the mark) and prints the types that
/// allocated most when the command ends: where a benchmark's bytes per request go, without a
/// profiler. Off by default; it costs an event per 100 KB.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string Variable = "FTCORE_ALLOC_TRACE";
    private const long BytesPerSample = 100_000;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _samples = new(StringComparer.Ordinal);

    /// <summary>A sampler when the environment asks for one, else null.</summary>
    public static AllocationSampler? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) == "1" ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    private readonly ConcurrentDictionary<string, long> _collections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _collectionMs = new(StringComparer.Ordinal);
    private string? _collecting;
    private DateTime _collectingSince;

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not null && e.EventName.StartsWith("GCStart", StringComparison.Ordinal) && e.Payload is not null && e.PayloadNames is not null)
        {
            var depth = e.Payload[e.PayloadNames.IndexOf("Depth")];
            var reason = e.Payload[e.PayloadNames.IndexOf("Reason")];
            _collecting = $"gen{depth} {ReasonName(Convert.ToInt32(reason, System.Globalization.CultureInfo.InvariantCulture))}";
            _collectingSince = e.TimeStamp;
            _collections.AddOrUpdate(_collecting, 1, static (_, n) => n + 1);
            return;
        }
        if (e.EventName is not null && e.EventName.StartsWith("GCEnd", StringComparison.Ordinal) && _collecting is { } which)
        {
            // The runtime's events reach a listener one at a time, in order: this end is that start's.
            _collectionMs.AddOrUpdate(which, (e.TimeStamp - _collectingSince).TotalMilliseconds, (_, ms) => ms + (e.TimeStamp - _collectingSince).TotalMilliseconds);
            _collecting = null;
            return;
        }
        if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null || e.PayloadNames is null) return;
        var at = e.PayloadNames.IndexOf("TypeName");
        var type = at >= 0 ? e.Payload[at] as string ?? "?" : "?";
        var kind = e.PayloadNames.IndexOf("AllocationKind");
        if (kind >= 0 && Convert.ToInt32(e.Payload[kind], System.Globalization.CultureInfo.InvariantCulture) == 1) type += " (large-object heap)";
        _samples.AddOrUpdate(type, 1, static (_, n) => n + 1);
    }

    private static string ReasonName(int reason) => reason switch
    {
        0 => "small-object budget",
        1 => "induced",
        2 => "low memory",
        3 => "empty",
        4 => "large-object budget",
        5 => "out of space (small)",
        6 => "out of space (large)",
        7 => "induced, not forced",
        8 => "stress",
        9 => "induced, low memory",
        _ => $"reason {reason}",
    };

    /// <summary>The types that allocated most, largest first, about 100 KB a sample.</summary>
    public void Print(TextWriter output, int top = 20)
    {
        output.WriteLine($"allocations, sampled every ~{BytesPerSample / 1000} KB ({Variable}=1):");
        foreach (var (type, n) in _samples.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top))
        {
            output.WriteLine($"  {n * BytesPerSample / 1_000_000.0,9:N1} MB  {type}");
        }
        output.WriteLine("garbage collections, by generation collected and trigger (count, time from start to end):");
        foreach (var (what, n) in _collections.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {n,9}  {_collectionMs.GetValueOrDefault(what),9:0.0} ms  {what}");
        }
    }
}
