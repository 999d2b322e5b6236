using FtCore.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Tests.Wire;

/// <summary>FsCheck generators for every message kind and the values they carry.</summary>
internal static class WireGen
{
    private static readonly long[] ExtremeLongs =
        [long.MinValue, long.MinValue + 1, -1L << 32, int.MinValue, -1, 0, 1, 255, 256, int.MaxValue, 1L << 32, long.MaxValue - 1, long.MaxValue];

    private static readonly int[] ExtremeInts = [int.MinValue, -1, 0, 1, 255, 65_536, int.MaxValue];

    private static readonly string[] SampleStrings =
        ["", " ", "k", "key-1", "\0", "héllo", "Ωμέγα", "日本語テキスト", "😀🚀", "a\u0301", "\uFEFF", "\uFFFD", "\uFFFF", "line\nbreak\ttab"];

    /// <summary>Uniform over the whole long range.</summary>
    public static readonly Gen<long> UniformLong =
        Gen.Choose(0, 0xFFFF).Four().Select(t => (long)(((ulong)(uint)t.Item1 << 48) | ((ulong)(uint)t.Item2 << 32) | ((ulong)(uint)t.Item3 << 16) | (uint)t.Item4));

    /// <summary>Longs with extra weight on edge values and small numbers.</summary>
    public static readonly Gen<long> AnyLong = Gen.Frequency(
        (3, Gen.Elements(ExtremeLongs)),
        (3, Gen.Choose(-1000, 1000).Select(i => (long)i)),
        (4, UniformLong));

    public static readonly Gen<int> AnyInt = Gen.Frequency(
        (3, Gen.Elements(ExtremeInts)),
        (3, Gen.Choose(-1000, 1000)),
        (4, UniformLong.Select(l => (int)l)));

    public static readonly Gen<bool> AnyBool = Gen.Elements(false, true);

    /// <summary>One Unicode scalar value as a string: ASCII, controls, BMP letters and symbols, or a surrogate pair.</summary>
    private static readonly Gen<string> CodePoint = Gen.Frequency(
        (6, Gen.Choose(0x20, 0x7E)),
        (1, Gen.Choose(0x00, 0x1F)),
        (2, Gen.Choose(0x80, 0xD7FF)),
        (1, Gen.Choose(0xE000, 0xFFFF)),
        (2, Gen.Choose(0x10000, 0x10FFFF)))
        .Select(char.ConvertFromUtf32);

    /// <summary>Valid Unicode text (never an unpaired surrogate, which has no UTF-8 form), often empty.</summary>
    public static readonly Gen<string> AnyText = Gen.Frequency(
        (2, Gen.Elements(SampleStrings)),
        (5, CodePoint.ListOf().Select(parts => string.Concat(parts))));

    public static readonly Gen<string?> AnyNullableText = Gen.Frequency(
        (1, Gen.Constant<string?>(null)),
        (4, AnyText.Select(s => (string?)s)));

    public static readonly Gen<byte[]> AnyBytes =
        Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf();

    public static readonly Gen<NodeId> AnyNodeId = Gen.Frequency(
        (1, Gen.Constant(default(NodeId))),
        (1, Gen.Elements(NodeId.Gfd, NodeId.Rm, NodeId.Admin)),
        (6, Gen.Elements(Enum.GetValues<NodeKind>()).Zip(AnyInt, (kind, index) => new NodeId(kind, index))));

    public static readonly Gen<ReplicaInc> AnyReplicaInc =
        AnyNodeId.Zip(AnyLong, (id, inc) => new ReplicaInc(id, inc));

    /// <summary>Any bytes: the transport carries an application's encoded command without reading it.</summary>
    public static readonly Gen<Operation> AnyOperation =
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(b => new Operation(b));

    public static readonly Gen<OpResult> AnyOpResult =
        Gen.OneOf(
            Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(OpResult.Of),
            AnyNullableText.Select(t => OpResult.Refuse(t ?? "")));

    public static readonly Gen<Entry> AnyEntry =
        from client in AnyNodeId
        from requestNum in AnyLong
        from op in AnyOperation
        select new Entry(client, requestNum, op);

    public static readonly Gen<ClientRecord> AnyClientRecord =
        from client in AnyNodeId
        from requestNum in AnyLong
        from reply in AnyOpResult
        select new ClientRecord(client, requestNum, reply);

    public static readonly Gen<CheckpointData> AnyCheckpointData =
        from seq in AnyLong
        from count in AnyLong
        from state in AnyBytes
        from table in Small(AnyClientRecord.ArrayOf())
        select new CheckpointData(seq, count, state, table);

    public static readonly Gen<ViewMember> AnyViewMember =
        from replica in AnyNodeId
        from inc in AnyLong
        from ready in AnyBool
        select new ViewMember(replica, inc, ready);

    public static readonly Gen<View> AnyView = Gen.Frequency(
        (1, Gen.Constant(View.Empty)),
        (5, from number in AnyLong
            from members in Small(AnyViewMember.ArrayOf())
            from leader in AnyNodeId
            from freq in AnyInt
            select new View(number, members, leader, freq)));

    public static readonly Gen<AdminOp> AnyAdminOp = Gen.Elements(Enum.GetValues<AdminOp>());

    /// <summary>One generator per message kind; <see cref="WireGenTests"/> checks none is missing.</summary>
    public static readonly IReadOnlyDictionary<MessageKind, Gen<Message>> ByKind = new Dictionary<MessageKind, Gen<Message>>
    {
        [MessageKind.ClientRequest] = M(from c in AnyNodeId from n in AnyLong from op in AnyOperation select new ClientRequest(c, n, op)),
        [MessageKind.ClientReply] = M(from c in AnyNodeId from r in AnyNodeId from n in AnyLong from res in AnyOpResult select new ClientReply(c, r, n, res)),
        [MessageKind.ForwardRequest] = M(from v in AnyLong from c in AnyNodeId from n in AnyLong from op in AnyOperation select new ForwardRequest(v, c, n, op)),
        [MessageKind.Register] = M(AnyLong.Select(i => new Register(i))),
        [MessageKind.Heartbeat] = M(AnyLong.Select(c => new Heartbeat(c))),
        [MessageKind.HeartbeatAck] = M(AnyLong.Zip(AnyLong, (c, i) => new HeartbeatAck(c, i))),
        [MessageKind.GfdHeartbeat] = M(AnyLong.Select(c => new GfdHeartbeat(c))),
        [MessageKind.LfdStatus] = M(AnyLong.Zip(Small(AnyReplicaInc.ArrayOf()), (c, m) => new LfdStatus(c, m))),
        [MessageKind.Membership] = M(from v in AnyLong from m in Small(AnyReplicaInc.ArrayOf()) from l in Small(AnyNodeId.ArrayOf()) select new Membership(v, m, l)),
        [MessageKind.ViewChange] = M(AnyView.Select(v => new ViewChange(v))),
        [MessageKind.ReadyNotice] = M(AnyLong.Zip(AnyLong, (v, i) => new ReadyNotice(v, i))),
        [MessageKind.Suspect] = M(from v in AnyLong from r in AnyNodeId from i in AnyLong select new Suspect(v, r, i)),
        [MessageKind.Order] = M(from v in AnyLong from f in AnyLong from e in Small(AnyEntry.ArrayOf()) from c in AnyLong select new Order(v, f, e, c)),
        [MessageKind.OrderAck] = M(from v in AnyLong from i in AnyLong from e in AnyLong select new OrderAck(v, i, e)),
        [MessageKind.Commit] = M(AnyLong.Zip(AnyLong, (v, c) => new Commit(v, c))),
        [MessageKind.SyncRequest] = M(from v in AnyLong from i in AnyLong from c in AnyLong from n in AnyBool select new SyncRequest(v, i, c, n)),
        [MessageKind.Sync] = M(
            from v in AnyLong
            from s in Gen.Frequency((1, Gen.Constant<CheckpointData?>(null)), (2, AnyCheckpointData.Select(d => (CheckpointData?)d)))
            from b in AnyLong
            from e in Small(AnyEntry.ArrayOf())
            from c in AnyLong
            select new Sync(v, s, b, e, c)),
        [MessageKind.Checkpoint] = M(AnyLong.Zip(AnyCheckpointData, (v, d) => new Checkpoint(v, d))),
        [MessageKind.Launch] = M(AnyNodeId.Select(r => new Launch(r))),
        [MessageKind.Stop] = M(AnyNodeId.Select(r => new Stop(r))),
        [MessageKind.Admin] = M(from op in AnyAdminOp from t in AnyNodeId from v in AnyLong select new AdminCommand(op, t, v)),
        [MessageKind.SetHeartbeat] = M(AnyInt.Zip(AnyInt, (f, t) => new SetHeartbeat(f, t))),
        [MessageKind.AdminReply] = M(AnyText.Select(t => new AdminReply(t))),
        [MessageKind.ViewQuery] = M(Gen.Constant(new ViewQuery())),
        [MessageKind.Hello] = M(AnyNodeId.Select(f => new Hello(f))),
        [MessageKind.LinkReport] = M(Small((
            from f in AnyNodeId from t in AnyNodeId from c in AnyLong from min in AnyLong from mean in AnyLong
            from p50 in AnyLong from p99 in AnyLong from max in AnyLong
            select new FtCore.Core.Links.LinkStat(f, t, c, min, mean, p50, p99, max)).ArrayOf()).Select(l => new LinkReport(l))),
        [MessageKind.SetSlow] = M(AnyLong.Zip(AnyBool, (d, c) => new SetSlow(d, c))),
    };

    /// <summary>Any message, each kind equally likely.</summary>
    public static readonly Gen<Message> AnyMessage = Gen.OneOf(ByKind.Values);

    public static readonly Arbitrary<Message> MessageArb = Arb.From(AnyMessage);

    /// <summary>A short run of messages, for stream tests.</summary>
    public static readonly Gen<Message[]> AnyMessages = Gen.Choose(1, 8).SelectMany(n => AnyMessage.ArrayOf(n));

    private static Gen<Message> M<T>(Gen<T> gen)
        where T : Message => gen.Select(m => (Message)m);

    /// <summary>Keeps nested arrays short so a case stays small and the suite fast.</summary>
    private static Gen<T> Small<T>(Gen<T> gen) => gen.ScaleSize(size => Math.Min(size, 12));
}
