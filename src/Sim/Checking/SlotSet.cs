using System.Numerics;

namespace FtCore.Sim.Checking;

/// <summary>
/// An immutable set of small non-negative integers (slots of pending operations). Slots below 64
/// live in one word, so the common case allocates nothing; higher slots use a trimmed array, which
/// keeps equal sets structurally equal.
/// </summary>
internal readonly struct SlotSet : IEquatable<SlotSet>
{
    private readonly ulong _low;

    /// <summary>Words for slots 64 and up; null when all clear, never with a trailing zero word.</summary>
    private readonly ulong[]? _high;

    private SlotSet(ulong low, ulong[]? high)
    {
        _low = low;
        _high = high;
    }

    public bool IsEmpty => _low == 0 && _high is null;

    public int Count
    {
        get
        {
            var n = BitOperations.PopCount(_low);
            if (_high is not null)
            {
                foreach (var w in _high) n += BitOperations.PopCount(w);
            }
            return n;
        }
    }

    public bool Contains(int slot)
    {
        if (slot < 64) return (_low & (1UL << slot)) != 0;
        var w = (slot >> 6) - 1;
        return _high is not null && w < _high.Length && (_high[w] & (1UL << (slot & 63))) != 0;
    }

    public SlotSet Add(int slot)
    {
        if (slot < 64) return new SlotSet(_low | (1UL << slot), _high);
        var w = (slot >> 6) - 1;
        var high = new ulong[Math.Max(w + 1, _high?.Length ?? 0)];
        _high?.CopyTo(high, 0);
        high[w] |= 1UL << (slot & 63);
        return new SlotSet(_low, high);
    }

    public SlotSet Remove(int slot)
    {
        if (!Contains(slot)) return this;
        if (slot < 64) return new SlotSet(_low & ~(1UL << slot), _high);
        var high = (ulong[])_high!.Clone();
        high[(slot >> 6) - 1] &= ~(1UL << (slot & 63));
        var len = high.Length;
        while (len > 0 && high[len - 1] == 0) len--;
        return new SlotSet(_low, len == 0 ? null : len == high.Length ? high : high[..len]);
    }

    public bool IsSubsetOf(SlotSet other)
    {
        if ((_low & ~other._low) != 0) return false;
        if (_high is null) return true;
        // Our last word is non-zero, so a shorter other cannot contain it.
        if (other._high is null || other._high.Length < _high.Length) return false;
        for (var i = 0; i < _high.Length; i++)
        {
            if ((_high[i] & ~other._high[i]) != 0) return false;
        }
        return true;
    }

    public bool Equals(SlotSet other)
    {
        if (_low != other._low) return false;
        if (ReferenceEquals(_high, other._high)) return true;
        return _high is not null && other._high is not null && _high.AsSpan().SequenceEqual(other._high);
    }

    public override bool Equals(object? obj) => obj is SlotSet other && Equals(other);

    public override int GetHashCode()
    {
        if (_high is null) return _low.GetHashCode();
        var h = new HashCode();
        h.Add(_low);
        foreach (var w in _high) h.Add(w);
        return h.ToHashCode();
    }

    public static bool operator ==(SlotSet left, SlotSet right) => left.Equals(right);

    public static bool operator !=(SlotSet left, SlotSet right) => !left.Equals(right);

    public override string ToString()
    {
        var slots = new List<int>();
        for (var i = 0; i < 64 + ((_high?.Length ?? 0) * 64); i++)
        {
            if (Contains(i)) slots.Add(i);
        }
        return "{" + string.Join(",", slots) + "}";
    }
}
