namespace FtCore.Sim.Faults;

/// <summary>One kind of injected fault (or admin input) in a schedule.</summary>
public enum FaultKind
{
    /// <summary>kill -9 of a replica (Target: S2, or "leader" resolved when it fires).</summary>
    Crash,
    /// <summary>Start a fresh process of a dead replica (a new incarnation).</summary>
    Relaunch,
    /// <summary>Crash then relaunch of the same replica within one heartbeat period.</summary>
    QuickRestart,
    /// <summary>Arm: kill the leader right after it sends its next reply.</summary>
    CrashLeaderAfterReply,
    /// <summary>Arm: kill the leader right after its next order reaches one follower but not the others.</summary>
    CrashLeaderMidOrder,
    /// <summary>Arm: kill the next replica that is being sent a state transfer, before it installs it.</summary>
    CrashDuringTransfer,
    /// <summary>A whole machine (an LFD and its replicas) dies.</summary>
    MachineCrash,
    /// <summary>A dead machine's LFD comes back (its replicas are relaunched by the RM or a Relaunch).</summary>
    MachineRestart,
    /// <summary>Cut the link between Target and Peer both ways for DurationMs.</summary>
    Partition,
    /// <summary>Drop each message with probability Rate for DurationMs.</summary>
    Loss,
    /// <summary>Deliver each message twice with probability Rate for DurationMs.</summary>
    Duplicate,
    /// <summary>Delay spikes (late messages) for DurationMs.</summary>
    DelaySpikes,
    /// <summary>Target's messages take Value ms longer for DurationMs (a slow process).</summary>
    Slow,
    /// <summary>An admin command to the RM: Admin names it, Target and Value are its arguments.</summary>
    Admin,
}
