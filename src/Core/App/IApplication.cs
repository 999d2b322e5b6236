namespace FtCore.Core.App;

/// <summary>
/// A deterministic replicated application: apply requests, snapshot and restore, digest.
/// Implementations must not read clocks, randomness or I/O.
/// </summary>
public interface IApplication
{
    /// <summary>"counter" or "kv".</summary>
    string Name { get; }

    /// <summary>Applies one operation and returns its reply.</summary>
    OpResult Apply(in Operation op);

    /// <summary>The whole state as bytes (for checkpoints).</summary>
    byte[] Snapshot();

    /// <summary>Replaces the state with a snapshot taken by <see cref="Snapshot"/>.</summary>
    void Restore(ReadOnlySpan<byte> snapshot);

    /// <summary>A 64-bit digest of the state: equal states have equal digests.</summary>
    ulong Digest();

    /// <summary>my_state as the console shows it.</summary>
    string Describe();

    /// <summary>Whether this app can execute the operation (counter ops on counter, kv ops on kv).</summary>
    bool Supports(OpKind kind);
}
