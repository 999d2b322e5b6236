using FtCore.Core.Messages;

namespace FtCore.Sim.Faults;

/// <summary>One entry of a fault schedule; which fields matter depends on <see cref="Kind"/>.</summary>
public sealed record FaultEvent
{
    public long AtMs { get; init; }
    public FaultKind Kind { get; init; }
    public string? Target { get; init; }
    public string? Peer { get; init; }
    public long DurationMs { get; init; }
    public double Rate { get; init; }
    public long Value { get; init; }
    public AdminOp? Admin { get; init; }

    public override string ToString()
    {
        var s = $"{AtMs}ms {Kind}";
        if (Target is not null) s += " " + Target;
        if (Peer is not null) s += "-" + Peer;
        if (Admin is not null) s += $" {Admin}={Value}";
        else if (Kind == FaultKind.Slow) s += $" +{Value}ms";
        if (Rate > 0) s += $" rate={Rate:0.###}";
        if (DurationMs > 0) s += $" for {DurationMs}ms";
        return s;
    }
}
