namespace FtCore.Sim.Checking;

/// <summary>
/// An append-only list in chunks small enough to stay out of the large-object heap. A run's
/// history grows to hundreds of thousands of items; as a <see cref="List{T}"/> each doubling made a
/// large array, and the large-object budget set off a full collection of a heap holding the whole
/// run about every run. Growing never copies what is stored; an index is two array indexings.
/// </summary>
internal sealed class ChunkedList<T>
{
    /// <summary>4,096 items: 32 KB of references, 64 KB of 16-byte structs (the large-object heap starts at 85,000 bytes).</summary>
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;

    private T[][] _chunks = new T[4][];

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"the list holds {Count}");
            return _chunks[index >> ChunkBits][index & (ChunkSize - 1)];
        }
    }

    /// <summary>The last item added (the list must not be empty).</summary>
    public T Last => this[Count - 1];

    public void Add(T item)
    {
        var c = Count >> ChunkBits;
        if (c == _chunks.Length) Array.Resize(ref _chunks, _chunks.Length * 2);
        var chunk = _chunks[c] ??= new T[ChunkSize];
        chunk[Count & (ChunkSize - 1)] = item;
        Count++;
    }

    /// <summary>Appends every item, in order, to <paramref name="into"/>.</summary>
    public void CopyTo(List<T> into)
    {
        into.EnsureCapacity(into.Count + Count);
        for (var c = 0; c * ChunkSize < Count; c++)
        {
            into.AddRange(_chunks[c].AsSpan(0, Math.Min(ChunkSize, Count - (c * ChunkSize))));
        }
    }
}
