using System.Text;

namespace FtCore.Core.App.Kv;

/// <summary>A small key-value store. Ordinal-sorted, so snapshots, digests and the console never depend on hash order.</summary>
public sealed class KvState : IStateMachine<KvCommand, KvResult>
{
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public KvResult Apply(KvCommand command)
    {
        var key = command.Key;
        switch (command.Op)
        {
            case KvOp.Get:
                return new KvResult(_values.TryGetValue(key, out var v) ? v : null);
            case KvOp.Put:
                _values[key] = command.Value ?? "";
                return default;
            case KvOp.Append:
                var next = (_values.TryGetValue(key, out var old) ? old : "") + command.Value;
                _values[key] = next;
                return new KvResult(next);
            default:
                _values.TryGetValue(key, out var current);
                if (!string.Equals(current, command.Value, StringComparison.Ordinal)) return new KvResult(null, false);
                _values[key] = command.NewValue ?? "";
                return new KvResult(null, true);
        }
    }

    public byte[] Snapshot()
    {
        var w = new ByteWriter(stackalloc byte[256]);
        try
        {
            w.WriteInt32(_values.Count);
            foreach (var (k, v) in _values)
            {
                w.WriteString(k);
                w.WriteString(v);
            }
            return w.ToArray();
        }
        finally
        {
            w.Dispose();
        }
    }

    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        var r = new ByteReader(snapshot);
        var n = r.ReadInt32();
        if (n < 0 || n > snapshot.Length / 8) throw new FormatException($"a kv snapshot with a bad entry count {n}");
        _values.Clear();
        for (var i = 0; i < n; i++) _values[r.ReadString()] = r.ReadString();
        r.ExpectEnd();
    }

    /// <summary>FNV-1a over the ordinal-sorted pairs: stable across processes, unlike string.GetHashCode.</summary>
    public ulong Digest()
    {
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
        foreach (var c in s) h = unchecked((h ^ c) * 1099511628211UL);
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
