using System.Text;

namespace FtCore.Core.App;

/// <summary>A small key-value store: get, put, append (returns the new value), cas.</summary>
public sealed class KvApp : IApplication
{
    /// <summary>Ordinal-sorted so snapshots, digests and the console never depend on hash order.</summary>
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    public string Name => "kv";

    public IReadOnlyDictionary<string, string> Values => _values;

    public bool Supports(OpKind kind) => kind is OpKind.Get or OpKind.Put or OpKind.Append or OpKind.Cas;

    public OpResult Apply(in Operation op)
    {
        var key = op.Key ?? throw new InvalidOperationException($"kv {op.Name} needs a key");
        switch (op.Kind)
        {
            case OpKind.Get:
                return new OpResult(0, _values.TryGetValue(key, out var v) ? v : null);
            case OpKind.Put:
                _values[key] = op.Text ?? "";
                return default;
            case OpKind.Append:
                var next = (_values.TryGetValue(key, out var old) ? old : "") + (op.Text ?? "");
                _values[key] = next;
                return new OpResult(0, next);
            case OpKind.Cas:
                _values.TryGetValue(key, out var current);
                if (string.Equals(current, op.Text, StringComparison.Ordinal))
                {
                    _values[key] = op.Text2 ?? "";
                    return new OpResult(1);
                }
                return new OpResult(0);
            default:
                throw new InvalidOperationException($"kv does not support {op.Name}");
        }
    }

    public byte[] Snapshot()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(_values.Count);
            foreach (var (k, v) in _values)
            {
                w.Write(k);
                w.Write(v);
            }
        }
        return ms.ToArray();
    }

    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        _values.Clear();
        using var ms = new MemoryStream(snapshot.ToArray());
        using var r = new BinaryReader(ms, Encoding.UTF8);
        var n = r.ReadInt32();
        if (n < 0 || n > 1_000_000) throw new FormatException($"kv snapshot has a bad entry count {n}");
        for (var i = 0; i < n; i++) _values[r.ReadString()] = r.ReadString();
    }

    public ulong Digest()
    {
        // FNV-1a over the ordinal-sorted pairs: stable across processes, unlike string.GetHashCode.
        var h = 14695981039346656037UL;
        foreach (var (k, v) in _values)
        {
            h = Mix(h, k);
            h = Mix(h, v);
        }
        return h;
    }

    private static ulong Mix(ulong h, string s)
    {
        foreach (var c in s)
        {
            h = unchecked((h ^ c) * 1099511628211UL);
        }
        return unchecked((h ^ 0xFF) * 1099511628211UL);
    }

    public string Describe()
    {
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var (k, v) in _values)
        {
            if (!first) sb.Append(", ");
            sb.Append(k).Append('=').Append(v);
            first = false;
        }
        return sb.Append('}').ToString();
    }
}
