namespace FtCore.Demo.Live;

/// <summary>What `ftcore lab` runs.</summary>
internal sealed record LabOptions
{
    public string Mode { get; init; } = "passive";
    /// <summary>The application's name, one of <see cref="Cli.ProgramApps.Current"/>.</summary>
    public string App { get; init; } = Cli.ProgramApps.Current.Default.Name;
    public string Scenario { get; init; } = "m5-passive";
    public long DurationMs { get; init; } = 60_000;
    public required string OutDir { get; init; }
    public int Clients { get; init; } = 3;
    /// <summary>Pause between a reply and the client's next request.</summary>
    public long IntervalMs { get; init; } = 10;
    /// <summary>The LFDs' heartbeat frequency (timeout 3x); null: <see cref="DefaultHeartbeatMs"/>.</summary>
    public long? HeartbeatMs { get; init; }

    /// <summary>The LFDs' heartbeat in a lab unless --heartbeat-freq says otherwise.</summary>
    public const long DefaultHeartbeatMs = 100;

    /// <summary>The GFD's heartbeat in a lab (timeout 3x).</summary>
    public const long GfdHeartbeatMs = 200;

    /// <summary>How long a lab's leader waits for a follower's acknowledgement before reporting it.</summary>
    public const long AckTimeoutMs = 600;
    /// <summary>First port of the cluster's range; null: the first free range from 7000.</summary>
    public int? BasePort { get; init; }
    public int Seed { get; init; } = Environment.TickCount & int.MaxValue;
    public bool Tmux { get; init; }
    /// <summary>Longest wait for any condition (all ready, a victim leaving the view) before the run fails.</summary>
    public TimeSpan ConditionDeadline { get; init; } = TimeSpan.FromSeconds(45);
}
