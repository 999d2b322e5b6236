namespace FtCore.Core.Roles;

/// <summary>
/// Bugs planted on purpose, only by tests, to prove the simulator's checkers can fail.
/// Never set outside tests.
/// </summary>
internal enum ReplicaMutation : byte
{
    None = 0,
    /// <summary>The leader executes and replies as soon as it orders, without waiting for the commit.</summary>
    SkipCommitWait = 1,
    /// <summary>The replica forgets the per-client table: retransmissions are ordered and executed again.</summary>
    ForgetDuplicateTable = 2,
}
