namespace FtCore.Sim.Checking;

/// <summary>
/// A map from a non-negative, mostly dense long key (a sequence number, a request number) to a
/// value, in chunks small enough to stay out of the large-object heap: a lookup is two array
/// indexings, and growing never copies what is stored. Keys outside [0, 2^31) go to a dictionary.
/// The default value of <typeparamref name="T"/> means "not set" (no flag per slot: a map holds one
/// entry per request of a run), so it can never be stored.
/// </summary>
internal sealed class DenseMap<T>
    where T : struct, IEquatable<T>
{
    private const int ChunkBits = 10;
    private const int ChunkSize = 1 << ChunkBits;

    private T[]?[] _chunks = new T[]?[4];
    private Dictionary<long, T>? _far;

    public bool TryGetValue(long key, out T value)
    {
        if ((ulong)key > int.MaxValue)
        {
            value = default;
            return _far is not null && _far.TryGetValue(key, out value);
        }
        var c = (int)(key >> ChunkBits);
        if (c < _chunks.Length && _chunks[c] is { } chunk)
        {
            value = chunk[(int)key & (ChunkSize - 1)];
            return !value.Equals(default);
        }
        value = default;
        return false;
    }

    /// <exception cref="ArgumentException"><paramref name="value"/> is the default value, which means "not set".</exception>
    public void Set(long key, T value)
    {
        if (value.Equals(default)) throw new ArgumentException("the default value means \"not set\" and cannot be stored", nameof(value));
        if ((ulong)key > int.MaxValue)
        {
            (_far ??= [])[key] = value;
            return;
        }
        var c = (int)(key >> ChunkBits);
        if (c >= _chunks.Length) Array.Resize(ref _chunks, Math.Max(c + 1, _chunks.Length * 2));
        var chunk = _chunks[c] ??= new T[ChunkSize];
        chunk[(int)key & (ChunkSize - 1)] = value;
    }
}
