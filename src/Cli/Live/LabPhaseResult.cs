using System.Text.Json.Serialization;

namespace FtCore.Demo.Live;

/// <summary>One phase of a lab run as summary.json reports it.</summary>
internal sealed record LabPhaseResult
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("requests_completed")] public long RequestsCompleted { get; init; }
    [JsonPropertyName("requests_failed")] public long RequestsFailed { get; init; }
    /// <summary>Over requests sent after their client's first reply (a client's start-up is in <see cref="LabResult.ClientStartupMs"/>).</summary>
    [JsonPropertyName("longest_stall_ms")] public double LongestStallMs { get; init; }
    /// <summary>Invoke to ok of the requests answered in the phase, start-up requests left out; null when there were none.</summary>
    [JsonPropertyName("latency_p50_ms")] public double? LatencyP50Ms { get; init; }
    [JsonPropertyName("latency_p99_ms")] public double? LatencyP99Ms { get; init; }
    [JsonPropertyName("latency_max_ms")] public double? LatencyMaxMs { get; init; }
    [JsonPropertyName("view_changes")] public long ViewChanges { get; init; }
    [JsonPropertyName("started_s")] public double StartedS { get; init; }
    [JsonPropertyName("ended_s")] public double EndedS { get; init; }
    [JsonPropertyName("events")] public IReadOnlyList<string> Events { get; init; } = [];
}

/// <summary>The whole run as summary.json reports it.</summary>
internal sealed record LabResult
{
    [JsonPropertyName("mode")] public required string Mode { get; init; }
    [JsonPropertyName("app")] public required string App { get; init; }
    [JsonPropertyName("scenario")] public required string Scenario { get; init; }
    [JsonPropertyName("phases")] public required IReadOnlyList<LabPhaseResult> Phases { get; init; }
    [JsonPropertyName("requests_completed")] public long RequestsCompleted { get; init; }
    [JsonPropertyName("requests_failed")] public long RequestsFailed { get; init; }
    /// <summary>Per client, ms from the lab starting its process to its first reply.</summary>
    [JsonPropertyName("client_startup_ms")] public IReadOnlyDictionary<string, double> ClientStartupMs { get; init; } = new Dictionary<string, double>();
    /// <summary>Replicas killed from outside the lab's script (a pane's Ctrl-C, a kill -9 by hand), as the lab noticed them.</summary>
    [JsonPropertyName("outside_kills")] public IReadOnlyList<string> OutsideKills { get; init; } = [];
    /// <summary>Replicas that ended on their own (a fatal error in their log), with the error's first line.</summary>
    [JsonPropertyName("crashes")] public IReadOnlyList<string> Crashes { get; init; } = [];
    [JsonPropertyName("linearizable")] public bool Linearizable { get; init; }
    [JsonPropertyName("linearizability")] public string Linearizability { get; init; } = "";
    [JsonPropertyName("inconsistent_replies")] public long InconsistentReplies { get; init; }
    [JsonPropertyName("all_ready_at_end")] public bool AllReadyAtEnd { get; init; }
    [JsonPropertyName("final_view")] public string FinalView { get; init; } = "";
    [JsonPropertyName("problems")] public IReadOnlyList<string> Problems { get; init; } = [];
    [JsonPropertyName("exit_code")] public int ExitCode { get; init; }
}
