using FtCore.Sim.Checking;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>
/// The simulator's own event heap and dense map give exactly what the .NET collections they
/// replaced gave: a run's order of events, and so its transcript, depends on it.
/// </summary>
public sealed class EventQueueTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Events_come_out_in_time_then_sequence_order_as_from_a_priority_queue(ulong seed)
    {
        var rng = new Prng(seed);
        var queue = new EventQueue<int>();
        var reference = new PriorityQueue<int, (long Time, long Seq)>();
        long seq = 0;
        for (var step = 0; step < 20_000; step++)
        {
            // Bursts of pushes and pops, many equal times (the sequence number breaks the ties).
            if (reference.Count == 0 || rng.Next(3) != 0)
            {
                var time = rng.Between(0, 50);
                queue.Enqueue(time, seq, (int)seq);
                reference.Enqueue((int)seq, (time, seq));
                seq++;
                continue;
            }
            Assert.True(queue.TryDequeue(out var item, out var at));
            reference.TryDequeue(out var expected, out var key);
            Assert.Equal(expected, item);
            Assert.Equal(key.Time, at);
            Assert.Equal(reference.Count, queue.Count);
        }
        while (reference.TryDequeue(out var expected, out var key))
        {
            Assert.True(queue.TryDequeue(out var item, out var at));
            Assert.Equal((expected, key.Time), (item, at));
        }
        Assert.False(queue.TryDequeue(out _, out _));
    }

    [Fact]
    public void A_sequence_number_too_large_for_the_key_is_refused_not_reordered()
    {
        var queue = new EventQueue<string>();
        queue.Enqueue(5, long.MaxValue >> 24, "last that fits");
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Enqueue(5, (long.MaxValue >> 24) + 1, "too far"));
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Enqueue(5, -1, "negative"));
        queue.Enqueue(5, 0, "first");
        Assert.True(queue.TryDequeue(out var a, out _));
        Assert.True(queue.TryDequeue(out var b, out _));
        Assert.Equal(("first", "last that fits"), (a, b));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_dense_map_answers_as_a_dictionary_would_for_near_far_and_negative_keys()
    {
        var map = new DenseMap<long>();
        var reference = new Dictionary<long, long>();
        var rng = new Prng(9);
        long[] far = [-1, long.MinValue, int.MaxValue, (long)int.MaxValue + 1, long.MaxValue, 5_000_000];
        for (var i = 0; i < 5_000; i++)
        {
            var key = i % 10 == 0 ? far[rng.Next(far.Length)] : rng.Between(0, 4_000);
            map.Set(key, i + 1); // 0, the default, means "none"
            reference[key] = i + 1;
        }
        for (long key = -2; key < 4_100; key++)
        {
            Assert.Equal(reference.TryGetValue(key, out var v), map.TryGetValue(key, out var w));
            Assert.Equal(v, w);
        }
        foreach (var key in far)
        {
            Assert.Equal(reference.TryGetValue(key, out var v), map.TryGetValue(key, out var w));
            Assert.Equal(v, w);
        }
    }

    [Fact]
    public void A_dense_map_refuses_the_default_value_which_means_none()
    {
        var map = new DenseMap<long>();
        Assert.Throws<ArgumentException>(() => map.Set(5, 0));
        Assert.False(map.TryGetValue(5, out _));
    }
}
