using FtCore.Tests.Shared;
using System.Globalization;
using FtCore.Core.App;

namespace FtCore.Sim.Tests.UserApps;

/// <summary>
/// A planted user bug: the adder also counts its adds, but Snapshot saves only the total, so a
/// replica that installs a checkpoint (passive backups, a relaunched replica's state transfer)
/// keeps its own count.
/// </summary>
internal sealed class ForgetfulSnapshotApp() : AdderApp("tally")
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

        // Snapshot and Restore are the adder's: the count is neither saved nor read back.
        public override ulong Digest() => base.Digest() ^ unchecked((ulong)_adds * 0xC2B2AE3D27D4EB4FUL);

        public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Total} after {_adds} adds");
    }
}
