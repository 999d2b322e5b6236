namespace FtCore.Core.App;

/// <summary>
/// The encoded result of one operation, as a replica's table keeps it and a reply carries it; or,
/// when <see cref="Refused"/>, the one-line reason the replica did not execute it (a command the
/// application cannot decode, or an application that threw).
/// </summary>
public readonly struct OpResult : IEquatable<OpResult>
{
    private readonly byte[]? _bytes;
    /// <summary>
    /// With bytes: the result they encode, when this process encoded it (or null). Without bytes:
    /// the refusal's reason (or null for <c>default</c>). One field for both keeps a result at two
    /// references: replies, tables and histories hold one per request.
    /// </summary>
    private readonly object? _extra;

    private OpResult(byte[]? bytes, object? extra)
    {
        _bytes = bytes;
        _extra = extra;
    }

    /// <summary>Bytes together with the result they encode (see <see cref="Operation.Command"/>).</summary>
    internal static OpResult Of(byte[] bytes, object value) => new(bytes, value);

    /// <summary>The result these bytes encode, when this process encoded it; null after the wire. Not part of equality.</summary>
    internal object? Value => _bytes is null ? null : _extra;

    /// <summary>An encoded result.</summary>
    public static OpResult Of(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new OpResult(bytes, null);
    }

    /// <summary>A refusal with its reason: the operation changed nothing.</summary>
    public static OpResult Refuse(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return new OpResult(null, reason);
    }

    /// <summary>Why the operation was refused, or null for a result.</summary>
    public string? Refusal => _bytes is null ? _extra as string : null;

    public bool Refused => Refusal is not null;

    /// <summary>The encoded result (empty for a refusal or <c>default</c>).</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    internal byte[] Bytes => _bytes ?? [];

    public bool Equals(OpResult other) => Refusal == other.Refusal && Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is OpResult other && Equals(other);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(Span);
        h.Add(Refusal);
        return h.ToHashCode();
    }

    public static bool operator ==(OpResult left, OpResult right) => left.Equals(right);

    public static bool operator !=(OpResult left, OpResult right) => !left.Equals(right);

    public override string ToString() => Refusal is { } r ? "refused: " + r : Convert.ToHexString(Span);
}
