using FtCore.Core.Ids;

namespace FtCore.Core.Links;

/// <summary>
/// Round trips from <see cref="From"/> to <see cref="To"/> and back over some window, as
/// <see cref="From"/> timed them (a request it sent and the reply it got: no clock is compared
/// between processes). Times in microseconds.
/// </summary>
internal readonly record struct LinkStat(NodeId From, NodeId To, long Count, long MinUs, double MeanUs, long P50Us, long P99Us, long MaxUs)
{
    public static LinkStat Of(NodeId from, NodeId to, LatencyHistogram h) =>
        new(from, to, h.Count, h.Count == 0 ? 0 : h.MinUs, h.MeanUs, h.QuantileUs(0.5), h.QuantileUs(0.99), h.MaxUs);
}
