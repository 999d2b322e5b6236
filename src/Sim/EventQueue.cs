namespace FtCore.Sim;

/// <summary>
/// The simulator's event queue: a 4-ary min-heap on (time, sequence number), with the comparison
/// inlined. Keys are unique (the sequence number only grows), so the order events come out in is
/// fully decided by them, as with any correct priority queue.
/// </summary>
/// <remarks>
/// The heap holds 16-byte keys only: the time, and the sequence number with the index of the
/// event's place in a side array in its low bits. Sifting then moves plain numbers, four children
/// to a cache line, with no write barrier for the references an event holds; each event is written
/// once when queued and read once when taken. Places are reused last-freed first.
/// </remarks>
internal sealed class EventQueue<T>
{
    private const int SlotBits = 24;
    private const long SlotMask = (1L << SlotBits) - 1;
    private const long MaxSeq = long.MaxValue >> SlotBits;

    private struct Key
    {
        public long Time;
        public long SeqSlot;
    }

    private Key[] _heap = new Key[256];
    private T[] _items = new T[256];
    private int[] _free = new int[256];
    private int _freeCount;
    private int _used;
    private int _count;

    public int Count => _count;

    public void Enqueue(long time, long seq, in T item)
    {
        if ((ulong)seq > MaxSeq) throw new ArgumentOutOfRangeException(nameof(seq), seq, $"a sequence number is at most {MaxSeq}");
        var slot = TakeSlot();
        _items[slot] = item;
        var key = (seq << SlotBits) | (uint)slot;
        if (_count == _heap.Length) Array.Resize(ref _heap, _count * 2);
        var heap = _heap;
        var i = _count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            ref var p = ref heap[parent];
            if (p.Time < time || (p.Time == time && p.SeqSlot < key)) break;
            heap[i] = p;
            i = parent;
        }
        ref var n = ref heap[i];
        n.Time = time;
        n.SeqSlot = key;
    }

    public bool TryDequeue(out T item, out long time)
    {
        if (_count == 0)
        {
            item = default!;
            time = 0;
            return false;
        }
        var heap = _heap;
        var slot = (int)(heap[0].SeqSlot & SlotMask);
        time = heap[0].Time;
        item = _items[slot];
        _items[slot] = default!; // drop the references the event held
        _free[_freeCount++] = slot;
        var last = --_count;
        if (last > 0)
        {
            var moving = heap[last];
            var i = 0;
            while (true)
            {
                var first = (i << 2) + 1;
                if (first >= last) break;
                var end = Math.Min(first + 4, last);
                var best = first;
                for (var c = first + 1; c < end; c++)
                {
                    ref var a = ref heap[c];
                    ref var b = ref heap[best];
                    if (a.Time < b.Time || (a.Time == b.Time && a.SeqSlot < b.SeqSlot)) best = c;
                }
                ref var m = ref heap[best];
                if (moving.Time < m.Time || (moving.Time == m.Time && moving.SeqSlot < m.SeqSlot)) break;
                heap[i] = m;
                i = best;
            }
            heap[i] = moving;
        }
        return true;
    }

    /// <summary>A free place in the side array: the last one freed, or a new one.</summary>
    private int TakeSlot()
    {
        if (_freeCount > 0) return _free[--_freeCount];
        if (_used > SlotMask) throw new InvalidOperationException($"more than {SlotMask + 1} events queued at once");
        if (_used == _items.Length)
        {
            Array.Resize(ref _items, _used * 2);
            Array.Resize(ref _free, _used * 2);
        }
        return _used++;
    }
}
