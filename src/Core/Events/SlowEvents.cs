using FtCore.Core.Ids;

namespace FtCore.Core.Events;

/// <summary>One pair of the fail-slow evidence: the median round trip From timed to To in the last window, its normal, and how many spreads above it.</summary>
internal sealed record SlowPair(NodeId From, NodeId To, long P50Us, long NormalUs, double Spreads);

/// <summary>RM: the fail-slow detector names <paramref name="Process"/> slow, with the pairs that show it and since when.</summary>
internal sealed record SlowSuspected(NodeId Process, long SinceUs, SlowPair[] Pairs) : ConsoleEvent;

/// <summary>RM: the process named slow is back to normal (or no longer measured).</summary>
internal sealed record SlowCleared(NodeId Process, long SinceUs, string Reason, SlowPair[] Pairs) : ConsoleEvent;

/// <summary>RM: a process's window of round trips came in (no console line: the live RM records it for <c>ftcore diagnose</c>).</summary>
internal sealed record LinkWindowReceived(NodeId Reporter, FtCore.Core.Links.LinkStat[] Links) : ConsoleEvent;
