using System.Diagnostics.Metrics;

namespace FtCore.Transport.Tcp.Metrics;

/// <summary>
/// The live processes' meter, <see cref="MeterName"/> (System.Diagnostics.Metrics), and its
/// instruments, named after OpenTelemetry's conventions (lowercase dotted names, durations in
/// seconds). Anyone may listen: <c>dotnet-counters monitor -n ftcore --counters FtCore</c>, a
/// <see cref="MeterListener"/> in the process (<see cref="MetricsCollector"/>), an OpenTelemetry
/// exporter. Nobody listening, an instrument's <c>Enabled</c> is false and <see cref="HostMeter"/>
/// records nothing. Each instrument is fed by a <see cref="HostMeter"/> from what its host sees.
/// </summary>
public static class FtCoreMetrics
{
    /// <summary>The meter's name, as given to <c>dotnet-counters --counters</c>.</summary>
    public const string MeterName = "FtCore";

    /// <summary>Client: invoke to accepted reply, in seconds.</summary>
    public const string RequestDuration = "ftcore.client.request.duration";

    /// <summary>Client: replies accepted.</summary>
    public const string Requests = "ftcore.client.requests";

    /// <summary>Client: requests sent again after the retry timeout.</summary>
    public const string Retransmits = "ftcore.client.retransmits";

    /// <summary>Client: the duration of each request during which a new view arrived or that was retransmitted, in seconds.</summary>
    public const string FailoverStall = "ftcore.client.failover.stall";

    /// <summary>Replica: a client's request reaching this replica to its execution here, in seconds.</summary>
    public const string CommitDuration = "ftcore.replica.commit.duration";

    /// <summary>Replica: entries executed (applied, not skipped as duplicates).</summary>
    public const string Executed = "ftcore.replica.executed";

    /// <summary>Replica: times this replica became the leader (primary or sequencer) of a view.</summary>
    public const string LeaderChanges = "ftcore.replica.leader_changes";

    /// <summary>RM: views installed.</summary>
    public const string ViewChanges = "ftcore.rm.view_changes";

    /// <summary>LFD: heartbeats a replica left unanswered past the timeout, or could not get because its process exited (each "heartbeat to Sy failed").</summary>
    public const string HeartbeatsMissed = "ftcore.lfd.heartbeats_missed";

    /// <summary>Any process: a request it sent to a peer and the reply (heartbeat, status, client request, order), in seconds; tags from, peer.</summary>
    public const string RoundTrip = "ftcore.link.round_trip";

    internal static readonly Meter Meter = new(MeterName, "1.0");

    internal static readonly Histogram<double> RequestDurationHistogram =
        Meter.CreateHistogram<double>(RequestDuration, "s", "Client request: invoke to accepted reply");

    internal static readonly Counter<long> RequestsCounter =
        Meter.CreateCounter<long>(Requests, "{request}", "Client replies accepted");

    internal static readonly Counter<long> RetransmitsCounter =
        Meter.CreateCounter<long>(Retransmits, "{request}", "Client requests sent again after the retry timeout");

    internal static readonly Histogram<double> FailoverStallHistogram =
        Meter.CreateHistogram<double>(FailoverStall, "s", "Client requests caught in a view change or retransmitted: their duration");

    internal static readonly Histogram<double> CommitDurationHistogram =
        Meter.CreateHistogram<double>(CommitDuration, "s", "Replica: request received to executed");

    internal static readonly Counter<long> ExecutedCounter =
        Meter.CreateCounter<long>(Executed, "{entry}", "Replica: entries executed");

    internal static readonly Counter<long> LeaderChangesCounter =
        Meter.CreateCounter<long>(LeaderChanges, "{view}", "Replica: views it leads");

    internal static readonly Counter<long> ViewChangesCounter =
        Meter.CreateCounter<long>(ViewChanges, "{view}", "RM: views installed");

    internal static readonly Counter<long> HeartbeatsMissedCounter =
        Meter.CreateCounter<long>(HeartbeatsMissed, "{heartbeat}", "LFD: heartbeats failed (unanswered past the timeout, or the process exited)");

    internal static readonly Histogram<double> RoundTripHistogram =
        Meter.CreateHistogram<double>(RoundTrip, "s", "Round trip of a request to a peer and its reply");
}
