namespace FtCore.Sim.Network;

/// <summary>The simulated network's shape for one run, drawn from the seed.</summary>
public sealed record NetworkOptions
{
    /// <summary>Base one-way latency of a link is drawn in [Min, Max] once per link.</summary>
    public int LatencyMinUs { get; init; } = 100;
    public int LatencyMaxUs { get; init; } = 1000;
    /// <summary>Extra uniform jitter up to this fraction of the link's base latency (reorders messages).</summary>
    public double JitterFraction { get; init; } = 0.5;
    /// <summary>During a delay-spike window, this fraction of messages takes SpikeMs longer.</summary>
    public double SpikeRate { get; init; } = 0.05;
    public int SpikeMs { get; init; } = 50;

    /// <summary>The largest one-way delay any message can see (used by the detection-time check).</summary>
    public long MaxDelayUs(int slowExtraMs) =>
        (long)(LatencyMaxUs * (1 + JitterFraction)) + SpikeMs * 1000L + slowExtraMs * 1000L + 1000;
}
