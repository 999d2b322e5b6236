using System.Text.Json.Serialization;

namespace FtCore.Demo.Live;

/// <summary>One phase of a lab run as summary.json reports it.</summary>
public sealed record LabPhaseResult
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("requests_completed")] public long RequestsCompleted { get; init; }
    [JsonPropertyName("requests_failed")] public long RequestsFailed { get; init; }
    [JsonPropertyName("longest_stall_ms")] public double LongestStallMs { get; init; }
    [JsonPropertyName("view_changes")] public long ViewChanges { get; init; }
    [JsonPropertyName("started_s")] public double StartedS { get; init; }
    [JsonPropertyName("ended_s")] public double EndedS { get; init; }
    [JsonPropertyName("events")] public IReadOnlyList<string> Events { get; init; } = [];
}

/// <summary>The whole run as summary.json reports it.</summary>
public sealed record LabResult
{
    [JsonPropertyName("mode")] public required string Mode { get; init; }
    [JsonPropertyName("app")] public required string App { get; init; }
    [JsonPropertyName("scenario")] public required string Scenario { get; init; }
    [JsonPropertyName("phases")] public required IReadOnlyList<LabPhaseResult> Phases { get; init; }
    [JsonPropertyName("requests_completed")] public long RequestsCompleted { get; init; }
    [JsonPropertyName("requests_failed")] public long RequestsFailed { get; init; }
    [JsonPropertyName("linearizable")] public bool Linearizable { get; init; }
    [JsonPropertyName("linearizability")] public string Linearizability { get; init; } = "";
    [JsonPropertyName("inconsistent_replies")] public long InconsistentReplies { get; init; }
    [JsonPropertyName("all_ready_at_end")] public bool AllReadyAtEnd { get; init; }
    [JsonPropertyName("final_view")] public string FinalView { get; init; } = "";
    [JsonPropertyName("problems")] public IReadOnlyList<string> Problems { get; init; } = [];
    [JsonPropertyName("exit_code")] public int ExitCode { get; init; }
}
