using FtCore.Tests.Shared;
using System.Buffers.Binary;
using System.Globalization;
using FtCore.Core.App;

namespace FtCore.Sim.Tests.UserApps;

/// <summary>
/// A planted user bug: the adder also keeps when it last changed, read from the wall clock in
/// Apply. Results are right; each replica's state (and digest) holds its own clock reading.
/// </summary>
internal sealed class ClockStampApp() : AdderApp("stamped")
{
    public override IStateMachine<long, long> CreateStateMachine() => new State();

    private sealed class State : AdderState
    {
        private long _changedAtTicks;

        public override long Apply(long command)
        {
            _changedAtTicks = DateTime.UtcNow.Ticks;
            return base.Apply(command);
        }

        public override byte[] Snapshot()
        {
            var bytes = new byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, Total);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), _changedAtTicks);
            return bytes;
        }

        public override void Restore(ReadOnlySpan<byte> snapshot)
        {
            Total = BinaryPrimitives.ReadInt64LittleEndian(snapshot);
            _changedAtTicks = BinaryPrimitives.ReadInt64LittleEndian(snapshot[8..]);
        }

        public override ulong Digest() => base.Digest() ^ unchecked((ulong)_changedAtTicks * 0xC2B2AE3D27D4EB4FUL);

        public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Total} (changed at tick {_changedAtTicks})");
    }
}
