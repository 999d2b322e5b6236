namespace FtCore.Core.Ids;

/// <summary>The kind of a process in the system.</summary>
public enum NodeKind : byte
{
    Client = 1,
    Replica = 2,
    Lfd = 3,
    Gfd = 4,
    Rm = 5,
    Admin = 6,
}

/// <summary>
/// A typed process identity (C1, S2, LFD3, GFD, RM, ADMIN), never an address. Ordering and
/// hashing depend only on (kind, index), so maps keyed by it behave the same in every process.
/// </summary>
public readonly record struct NodeId(NodeKind Kind, int Index) : IComparable<NodeId>
{
    public static readonly NodeId Gfd = new(NodeKind.Gfd, 0);
    public static readonly NodeId Rm = new(NodeKind.Rm, 0);
    public static readonly NodeId Admin = new(NodeKind.Admin, 0);

    public static NodeId Client(int index) => new(NodeKind.Client, index);
    public static NodeId Replica(int index) => new(NodeKind.Replica, index);
    public static NodeId Lfd(int index) => new(NodeKind.Lfd, index);

    public bool IsReplica => Kind == NodeKind.Replica;
    public bool IsClient => Kind == NodeKind.Client;

    // On the underlying byte: NodeKind.CompareTo would box its argument (the same order, no allocation).
    public int CompareTo(NodeId other) =>
        Kind != other.Kind ? ((byte)Kind).CompareTo((byte)other.Kind) : Index.CompareTo(other.Index);

    public override string ToString() => Kind switch
    {
        NodeKind.Client => "C" + Index,
        NodeKind.Replica => "S" + Index,
        NodeKind.Lfd => "LFD" + Index,
        NodeKind.Gfd => "GFD",
        NodeKind.Rm => "RM",
        NodeKind.Admin => "ADMIN",
        _ => "?" + (int)Kind + ":" + Index,
    };

    /// <summary>Parses "C1", "S2", "LFD3", "GFD", "RM", "ADMIN" (case-insensitive).</summary>
    public static bool TryParse(string? text, out NodeId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().ToUpperInvariant();
        if (s == "GFD") { id = Gfd; return true; }
        if (s == "RM") { id = Rm; return true; }
        if (s == "ADMIN") { id = Admin; return true; }
        (string prefix, NodeKind kind)[] kinds = [("LFD", NodeKind.Lfd), ("C", NodeKind.Client), ("S", NodeKind.Replica)];
        foreach (var (prefix, kind) in kinds)
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(s.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && n is > 0 and < 1000)
            {
                id = new NodeId(kind, n);
                return true;
            }
        }
        return false;
    }

    public static NodeId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"not a process id: '{text}' (expected C1, S1, LFD1, GFD or RM)");
}

/// <summary>One start of a replica process: killed and relaunched means a new incarnation.</summary>
internal readonly record struct ReplicaInc(NodeId Replica, long Incarnation) : IComparable<ReplicaInc>
{
    public int CompareTo(ReplicaInc other)
    {
        var c = Replica.CompareTo(other.Replica);
        return c != 0 ? c : Incarnation.CompareTo(other.Incarnation);
    }

    public override string ToString() => $"{Replica}#{Incarnation}";
}
