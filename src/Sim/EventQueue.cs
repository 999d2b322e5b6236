namespace FtCore.Sim;

/// <summary>
/// The simulator's event queue: a 4-ary min-heap on (time, sequence number) holding the events
/// themselves, with the comparison inlined. Keys are unique (the sequence number only grows), so
/// the order events come out in is fully decided by them, as with any correct priority queue.
/// </summary>
internal sealed class EventQueue<T>
{
    private struct Node
    {
        public long Time;
        public long Seq;
        public T Item;
    }

    private Node[] _nodes = new Node[256];
    private int _count;

    public int Count => _count;

    public void Enqueue(long time, long seq, in T item)
    {
        if (_count == _nodes.Length) Array.Resize(ref _nodes, _count * 2);
        var nodes = _nodes;
        var i = _count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            ref var p = ref nodes[parent];
            if (p.Time < time || (p.Time == time && p.Seq < seq)) break;
            nodes[i] = p;
            i = parent;
        }
        ref var n = ref nodes[i];
        n.Time = time;
        n.Seq = seq;
        n.Item = item;
    }

    public bool TryDequeue(out T item, out long time)
    {
        if (_count == 0)
        {
            item = default!;
            time = 0;
            return false;
        }
        var nodes = _nodes;
        item = nodes[0].Item;
        time = nodes[0].Time;
        var last = --_count;
        if (last > 0)
        {
            var moving = nodes[last];
            var i = 0;
            while (true)
            {
                var first = (i << 2) + 1;
                if (first >= last) break;
                var end = Math.Min(first + 4, last);
                var best = first;
                for (var c = first + 1; c < end; c++)
                {
                    ref var a = ref nodes[c];
                    ref var b = ref nodes[best];
                    if (a.Time < b.Time || (a.Time == b.Time && a.Seq < b.Seq)) best = c;
                }
                ref var m = ref nodes[best];
                if (moving.Time < m.Time || (moving.Time == m.Time && moving.Seq < m.Seq)) break;
                nodes[i] = m;
                i = best;
            }
            nodes[i] = moving;
        }
        nodes[last] = default; // drop the reference the vacated node held
        return true;
    }
}
