namespace FtCore.Core.App;

/// <summary>
/// One application command in its encoded form, as the replication layer carries, orders, logs and
/// checkpoints it without knowing what it means. Only the application that encoded it
/// (<see cref="IApplication"/>) can read it. Two operations are equal when their bytes are.
/// </summary>
public readonly struct Operation : IEquatable<Operation>
{
    private readonly byte[]? _bytes;

    /// <summary>Wraps encoded bytes; the caller must not change them afterwards.</summary>
    public Operation(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _bytes = bytes;
        Command = null;
    }

    /// <summary>Bytes together with the command they encode, so a process that made them (a simulated run) need not decode them again.</summary>
    internal Operation(byte[] bytes, object command)
    {
        _bytes = bytes;
        Command = command;
    }

    /// <summary>The command these bytes encode, when this process encoded it; null after the wire. Not part of equality.</summary>
    internal object? Command { get; }

    /// <summary>The encoded command (empty for <c>default</c>).</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The encoded command as an array, shared, never to be changed.</summary>
    internal byte[] Bytes => _bytes ?? [];

    public int Length => _bytes?.Length ?? 0;

    public bool Equals(Operation other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is Operation other && Equals(other);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(Span);
        return h.ToHashCode();
    }

    public static bool operator ==(Operation left, Operation right) => left.Equals(right);

    public static bool operator !=(Operation left, Operation right) => !left.Equals(right);

    /// <summary>The bytes in hex: what can be shown without the application.</summary>
    public override string ToString() => Convert.ToHexString(Span);
}
