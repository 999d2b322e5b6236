using FtCore.Tests.Shared;
using System.Buffers.Binary;
using FtCore.Core.App;

namespace FtCore.Sim.Tests.UserApps;

/// <summary>
/// A planted user bug: the adder also counts its adds and Restore reads the total and the count,
/// but Snapshot still writes the total alone, so no snapshot can be restored.
/// </summary>
internal sealed class UnreadableSnapshotApp() : AdderApp("unreadable")
{
    public override IStateMachine<long, long> CreateStateMachine() => new State();

    private sealed class State : AdderState
    {
        private long _adds;

        public override long Apply(long command)
        {
            _adds++;
            return base.Apply(command);
        }

        public override void Restore(ReadOnlySpan<byte> snapshot)
        {
            if (snapshot.Length != 16) throw new FormatException($"an unreadable snapshot is 16 bytes, not {snapshot.Length}");
            Total = BinaryPrimitives.ReadInt64LittleEndian(snapshot);
            _adds = BinaryPrimitives.ReadInt64LittleEndian(snapshot[8..]);
        }

        public override ulong Digest() => base.Digest() ^ unchecked((ulong)_adds * 0xC2B2AE3D27D4EB4FUL);
    }
}
