using FtCore.Core.Links;

namespace FtCore.Core.Messages;

/// <summary>
/// A process's window of round trips (what its <see cref="LinkTimer"/> measured since its last
/// report), sent to the RM every report period for the fail-slow detector. An RM of an older
/// build drops it as an unknown kind and reads on.
/// </summary>
internal sealed record LinkReport(LinkStat[] Links) : Message
{
    public override MessageKind Kind => MessageKind.LinkReport;
}

/// <summary>
/// Slows the process that receives it (a performance fault injected at run time, handled by the
/// host, never by the role): every message it handles is handled <see cref="DelayUs"/> later;
/// <see cref="Cpu"/> adds a CPU hog beside its loop. Both zero: back to normal. Answered with an
/// <see cref="AdminReply"/>.
/// </summary>
internal sealed record SetSlow(long DelayUs, bool Cpu) : Message
{
    public override MessageKind Kind => MessageKind.SetSlow;
}
