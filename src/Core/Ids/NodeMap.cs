using System.Diagnostics.CodeAnalysis;

namespace FtCore.Core.Ids;

/// <summary>
/// A small map keyed by <see cref="NodeId"/> that iterates in id order (C1 before S1 before S2), so
/// every process walks it the same way. Kept as two sorted arrays: a role holds a handful of peers,
/// and walking them on every message must not allocate (a <c>SortedDictionary</c> enumerator does).
/// </summary>
internal sealed class NodeMap<TValue>
{
    private NodeId[] _keys = new NodeId[4];
    private TValue[] _values = new TValue[4];

    public int Count { get; private set; }

    public TValue this[NodeId key]
    {
        get => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"no entry for {key}");
        set
        {
            var i = IndexOf(key);
            if (i >= 0)
            {
                _values[i] = value;
                return;
            }
            Insert(~i, key, value);
        }
    }

    public bool ContainsKey(NodeId key) => IndexOf(key) >= 0;

    public bool TryGetValue(NodeId key, [MaybeNullWhen(false)] out TValue value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = default;
            return false;
        }
        value = _values[i];
        return true;
    }

    public TValue GetValueOrDefault(NodeId key, TValue fallback) => TryGetValue(key, out var v) ? v : fallback;

    public bool Remove(NodeId key) => Remove(key, out _);

    public bool Remove(NodeId key, [MaybeNullWhen(false)] out TValue value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = default;
            return false;
        }
        value = _values[i];
        Count--;
        Array.Copy(_keys, i + 1, _keys, i, Count - i);
        Array.Copy(_values, i + 1, _values, i, Count - i);
        _values[Count] = default!;
        return true;
    }

    public void Clear()
    {
        Array.Clear(_values, 0, Count);
        Count = 0;
    }

    public Enumerator GetEnumerator() => new(this);

    /// <summary>The key's position, or the complement of where it would go (as <c>Array.BinarySearch</c>); the comparison inlined.</summary>
    private int IndexOf(NodeId key)
    {
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = _keys[mid].CompareTo(key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }

    private void Insert(int at, NodeId key, TValue value)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }
        Array.Copy(_keys, at, _keys, at + 1, Count - at);
        Array.Copy(_values, at, _values, at + 1, Count - at);
        _keys[at] = key;
        _values[at] = value;
        Count++;
    }

    /// <summary>Walks the entries in id order; the map must not change meanwhile.</summary>
    public struct Enumerator(NodeMap<TValue> map)
    {
        private int _i = -1;

        public readonly KeyValuePair<NodeId, TValue> Current => new(map._keys[_i], map._values[_i]);

        public bool MoveNext() => ++_i < map.Count;
    }
}
