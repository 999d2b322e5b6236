using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Links;
using Xunit;

namespace FtCore.Core.Tests.Links;

public sealed class SlowDetectorTests
{
    private static readonly NodeId S1 = NodeId.Replica(1), S2 = NodeId.Replica(2), S3 = NodeId.Replica(3);
    private const long Period = 500_000;

    /// <summary>A cluster's pairs: each LFD to its replica, the GFD to each LFD, the leader S1 to its followers; round trips 1 ms (+ extra per pair).</summary>
    private static List<LinkStat> Window(Func<NodeId, NodeId, long>? extraUs = null, int round = 0)
    {
        var pairs = new List<(NodeId, NodeId)>
        {
            (NodeId.Lfd(1), S1), (NodeId.Lfd(2), S2), (NodeId.Lfd(3), S3),
            (NodeId.Gfd, NodeId.Lfd(1)), (NodeId.Gfd, NodeId.Lfd(2)), (NodeId.Gfd, NodeId.Lfd(3)),
            (S1, S2), (S1, S3), (NodeId.Client(1), S2),
        };
        return pairs.Select((p, i) =>
        {
            var rtt = 1000 + ((round + i) % 3 * 50) + (extraUs?.Invoke(p.Item1, p.Item2) ?? 0);
            return new LinkStat(p.Item1, p.Item2, 5, rtt, rtt, rtt, rtt, rtt);
        }).ToList();
    }

    private static (SlowDetector D, long Now) Warm()
    {
        var d = new SlowDetector();
        long now = 0;
        for (var i = 0; i < 20; i++)
        {
            now += Period;
            d.Observe(now, Window(round: i));
            Assert.Null(d.Evaluate(now));
        }
        return (d, now);
    }

    private static List<ConsoleEvent> Feed(SlowDetector d, ref long now, int windows, Func<NodeId, NodeId, long> extraUs)
    {
        var events = new List<ConsoleEvent>();
        for (var i = 0; i < windows; i++)
        {
            now += Period;
            d.Observe(now, Window(extraUs, i));
            if (d.Evaluate(now) is { } e) events.Add(e);
        }
        return events;
    }

    [Fact]
    public void A_follower_slowed_on_all_its_pairs_is_named_after_the_sustain_windows_with_its_evidence()
    {
        var (d, now) = Warm();
        var start = now + Period;
        var events = Feed(d, ref now, 5, (a, b) => a == S2 || b == S2 ? 20_000 : 0);
        var named = Assert.IsType<SlowSuspected>(Assert.Single(events));
        Assert.Equal(S2, named.Process);
        Assert.Equal(start, named.SinceUs);
        Assert.Equal(S2, d.Suspect);
        // The client's pair is not evidence (its replies wait for the ordering); the leader's and the LFD's are (in id order).
        Assert.Equal([(S1, S2), (NodeId.Lfd(2), S2)], named.Pairs.Select(p => (p.From, p.To)).ToArray());
        Assert.All(named.Pairs, p => Assert.True(p.P50Us - p.NormalUs >= 19_000));
    }

    [Fact]
    public void Too_short_an_excursion_names_nobody()
    {
        var (d, now) = Warm();
        Assert.Empty(Feed(d, ref now, 2, (a, b) => b == S2 ? 20_000 : 0));
        Assert.Empty(Feed(d, ref now, 10, (_, _) => 0));
    }

    [Fact]
    public void A_slow_leader_is_told_from_its_followers()
    {
        var (d, now) = Warm();
        var events = Feed(d, ref now, 5, (a, b) => a == S1 || b == S1 ? 10_000 : 0);
        Assert.Equal(S1, Assert.IsType<SlowSuspected>(Assert.Single(events)).Process);
    }

    [Fact]
    public void Everything_slower_is_a_slow_network_not_one_slow_process()
    {
        var (d, now) = Warm();
        Assert.Empty(Feed(d, ref now, 10, (_, _) => 20_000));
        Assert.Null(d.Suspect);
    }

    [Fact]
    public void The_suspect_is_cleared_when_its_pairs_are_back_to_normal()
    {
        var (d, now) = Warm();
        Feed(d, ref now, 5, (a, b) => b == S2 ? 20_000 : 0);
        var events = Feed(d, ref now, 4, (_, _) => 0);
        var cleared = Assert.IsType<SlowCleared>(Assert.Single(events));
        Assert.Equal(S2, cleared.Process);
        Assert.Null(d.Suspect);
        Assert.Contains("back to normal", cleared.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suspect_no_longer_measured_is_cleared()
    {
        var (d, now) = Warm();
        Feed(d, ref now, 5, (a, b) => b == S2 ? 20_000 : 0);
        ConsoleEvent? e = null;
        for (var i = 0; i < 5 && e is null; i++)
        {
            now += Period;
            d.Observe(now, Window(round: i).Where(s => s.To != S2).ToList());
            e = d.Evaluate(now);
        }
        Assert.Equal("no longer measured", Assert.IsType<SlowCleared>(e).Reason);
    }

    [Fact]
    public void The_rendered_line_names_the_process_the_pairs_and_since_when()
    {
        var (d, now) = Warm();
        var e = Feed(d, ref now, 5, (a, b) => b == S2 ? 20_000 : 0).Single();
        var line = ConsoleRenderer.Render(NodeId.Rm, e)!;
        Assert.StartsWith("RM: fail-slow: S2 is slow since ", line, StringComparison.Ordinal);
        Assert.Contains("LFD2->S2 ", line, StringComparison.Ordinal);
        Assert.Contains("normal 1.", line, StringComparison.Ordinal);
    }
}
