using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Wire;

/// <summary>
/// Encodings of the value types that messages carry, as extension methods so the body code reads
/// <c>w.Write(id)</c> and <c>r.ReadNodeId()</c>. Each Write has a matching Read, side by side.
/// </summary>
internal static class WireValues
{
    // Smallest encoded size of each array element type, used to bound a declared count before
    // allocating (strings count as their 4-byte length alone).
    public const int NodeIdBytes = 1 + sizeof(int);
    public const int ReplicaIncBytes = NodeIdBytes + sizeof(long);
    public const int OperationMinBytes = sizeof(int);
    public const int OpResultMinBytes = 1 + sizeof(int);
    public const int EntryMinBytes = NodeIdBytes + sizeof(long) + OperationMinBytes;
    public const int ClientRecordMinBytes = NodeIdBytes + sizeof(long) + OpResultMinBytes;
    public const int ViewMemberBytes = NodeIdBytes + sizeof(long) + 1;

    // NodeId: kind byte, int32 index. default(NodeId) (kind 0, index 0) means "none", as in
    // View.Empty's leader or an admin command without a target; any other kind 0 is invalid.

    public static void Write(this ref SpanWriter w, NodeId id)
    {
        if (!IsEncodable(id)) throw new ArgumentException($"node id with undefined kind {(byte)id.Kind} cannot be encoded", nameof(id));
        w.WriteByte((byte)id.Kind);
        w.WriteInt32(id.Index);
    }

    public static NodeId ReadNodeId(this ref SpanReader r)
    {
        var at = r.Position;
        var kind = (NodeKind)r.ReadByte();
        var index = r.ReadInt32();
        var id = new NodeId(kind, index);
        if (!IsEncodable(id))
        {
            throw r.Invalid(kind == 0 ? $"node id of kind 0 (none) with index {index}" : $"unknown NodeKind {(byte)kind}", at);
        }
        return id;
    }

    private static bool IsEncodable(NodeId id) => Enum.IsDefined(id.Kind) || id == default;

    public static void Write(this ref SpanWriter w, ReplicaInc inc)
    {
        w.Write(inc.Replica);
        w.WriteInt64(inc.Incarnation);
    }

    public static ReplicaInc ReadReplicaInc(this ref SpanReader r) => new(r.ReadNodeId(), r.ReadInt64());

    // Operation: the application's encoded command, as a byte array.

    public static void Write(this ref SpanWriter w, Operation op) => w.WriteBytes(op.Bytes, "Operation");

    public static Operation ReadOperation(this ref SpanReader r) => new(r.ReadBytes("Operation"));

    // OpResult: a refusal byte; then the reason (refused) or the encoded result.

    public static void Write(this ref SpanWriter w, OpResult result)
    {
        w.WriteBool(result.Refused);
        if (result.Refusal is { } why) w.WriteString(why, "OpResult.Refusal");
        else w.WriteBytes(result.Bytes, "OpResult");
    }

    public static OpResult ReadOpResult(this ref SpanReader r) =>
        r.ReadBool() ? OpResult.Refuse(r.ReadString("OpResult.Refusal")) : OpResult.Of(r.ReadBytes("OpResult"));

    public static void Write(this ref SpanWriter w, Entry entry)
    {
        w.Write(entry.Client);
        w.WriteInt64(entry.RequestNum);
        w.Write(entry.Op);
    }

    public static Entry ReadEntry(this ref SpanReader r) => new(r.ReadNodeId(), r.ReadInt64(), r.ReadOperation());

    public static void Write(this ref SpanWriter w, ClientRecord record)
    {
        w.Write(record.Client);
        w.WriteInt64(record.RequestNum);
        w.Write(record.Reply);
    }

    public static ClientRecord ReadClientRecord(this ref SpanReader r) => new(r.ReadNodeId(), r.ReadInt64(), r.ReadOpResult());

    public static void Write(this ref SpanWriter w, ViewMember member)
    {
        w.Write(member.Replica);
        w.WriteInt64(member.Incarnation);
        w.WriteBool(member.Ready);
    }

    public static ViewMember ReadViewMember(this ref SpanReader r) => new(r.ReadNodeId(), r.ReadInt64(), r.ReadBool());

    public static void Write(this ref SpanWriter w, View? view, string field)
    {
        if (view is null) throw new ArgumentException($"{field} is null but the field is not nullable", field);
        w.WriteInt64(view.Number);
        w.WriteCount(view.Members, field + ".Members");
        foreach (var member in view.Members) w.Write(member);
        w.Write(view.Leader);
        w.WriteInt32(view.CheckpointFreqMs);
    }

    public static View ReadView(this ref SpanReader r)
    {
        var number = r.ReadInt64();
        var members = new ViewMember[r.ReadCount(ViewMemberBytes, "View.Members")];
        for (var i = 0; i < members.Length; i++) members[i] = r.ReadViewMember();
        return new View(number, members, r.ReadNodeId(), r.ReadInt32());
    }

    public static void Write(this ref SpanWriter w, CheckpointData? data, string field)
    {
        if (data is null) throw new ArgumentException($"{field} is null but the field is not nullable", field);
        w.WriteInt64(data.Seq);
        w.WriteInt64(data.CheckpointCount);
        w.WriteBytes(data.AppState, field + ".AppState");
        w.WriteCount(data.Table, field + ".Table");
        foreach (var record in data.Table) w.Write(record);
    }

    public static CheckpointData ReadCheckpointData(this ref SpanReader r)
    {
        var seq = r.ReadInt64();
        var checkpointCount = r.ReadInt64();
        var appState = r.ReadBytes("CheckpointData.AppState");
        var table = new ClientRecord[r.ReadCount(ClientRecordMinBytes, "CheckpointData.Table")];
        for (var i = 0; i < table.Length; i++) table[i] = r.ReadClientRecord();
        return new CheckpointData(seq, checkpointCount, appState, table);
    }

    /// <summary>A CheckpointData that may be null: presence byte 0 or 1, then the record.</summary>
    public static void WriteNullable(this ref SpanWriter w, CheckpointData? data, string field)
    {
        w.WriteBool(data is not null);
        if (data is not null) w.Write(data, field);
    }

    public static CheckpointData? ReadNullableCheckpointData(this ref SpanReader r) =>
        r.ReadBool() ? r.ReadCheckpointData() : null;

    public static void Write(this ref SpanWriter w, ReplicaInc[]? items, string field)
    {
        w.WriteCount(items, field);
        foreach (var item in items) w.Write(item);
    }

    public static ReplicaInc[] ReadReplicaIncs(this ref SpanReader r, string field)
    {
        var items = new ReplicaInc[r.ReadCount(ReplicaIncBytes, field)];
        for (var i = 0; i < items.Length; i++) items[i] = r.ReadReplicaInc();
        return items;
    }

    public static void Write(this ref SpanWriter w, NodeId[]? items, string field)
    {
        w.WriteCount(items, field);
        foreach (var item in items) w.Write(item);
    }

    public static NodeId[] ReadNodeIds(this ref SpanReader r, string field)
    {
        var items = new NodeId[r.ReadCount(NodeIdBytes, field)];
        for (var i = 0; i < items.Length; i++) items[i] = r.ReadNodeId();
        return items;
    }

    /// <summary>A link's window: two node ids, then count, min, mean (IEEE bits), p50, p99, max.</summary>
    public const int LinkStatBytes = (2 * NodeIdBytes) + (6 * sizeof(long));

    public static void Write(this ref SpanWriter w, FtCore.Core.Links.LinkStat[]? items, string field)
    {
        w.WriteCount(items, field);
        foreach (var s in items)
        {
            w.Write(s.From);
            w.Write(s.To);
            w.WriteInt64(s.Count);
            w.WriteInt64(s.MinUs);
            w.WriteInt64(BitConverter.DoubleToInt64Bits(s.MeanUs));
            w.WriteInt64(s.P50Us);
            w.WriteInt64(s.P99Us);
            w.WriteInt64(s.MaxUs);
        }
    }

    public static FtCore.Core.Links.LinkStat[] ReadLinkStats(this ref SpanReader r, string field)
    {
        var items = new FtCore.Core.Links.LinkStat[r.ReadCount(LinkStatBytes, field)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new FtCore.Core.Links.LinkStat(r.ReadNodeId(), r.ReadNodeId(), r.ReadInt64(), r.ReadInt64(),
                BitConverter.Int64BitsToDouble(r.ReadInt64()), r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
        }
        return items;
    }

    public static void Write(this ref SpanWriter w, Entry[]? items, string field)
    {
        w.WriteCount(items, field);
        foreach (var item in items) w.Write(item);
    }

    public static Entry[] ReadEntries(this ref SpanReader r, string field)
    {
        var items = new Entry[r.ReadCount(EntryMinBytes, field)];
        for (var i = 0; i < items.Length; i++) items[i] = r.ReadEntry();
        return items;
    }
}
