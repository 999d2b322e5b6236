using FtCore.Core.Ids;

namespace FtCore.Core.Effects;

/// <summary>
/// A replica executed sequence number <paramref name="Seq"/> in view <paramref name="View"/>: the
/// request &lt;<paramref name="Client"/>, <paramref name="RequestNum"/>&gt; was applied, or skipped
/// because the per-client table shows it done (<paramref name="Applied"/> false). <paramref name="Digest"/>
/// is the application's state digest after it (0 where nobody compares them, see <see cref="Outbox.Digests"/>).
/// </summary>
internal readonly record struct Execution(long View, long Seq, NodeId Client, long RequestNum, bool Applied, ulong Digest);
