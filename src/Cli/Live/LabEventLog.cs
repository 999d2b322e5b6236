using System.Text;
using System.Text.Json;

namespace FtCore.Demo.Live;

/// <summary>
/// lab-events.jsonl in the run folder: each phase the lab begins and each event it performs or
/// sees (kill -9, admin launch, every replica ready...), with the time on the monotonic clock the
/// client histories use (ns), one JSON object per line:
/// <c>{"t_ns":24056019301786,"kind":"phase","text":"fault-injected"}</c> (kinds: phase, event, end).
/// The run report places the lab's kills and phases on its timeline with it.
/// </summary>
internal sealed class LabEventLog(string path)
{
    public const string FileName = "lab-events.jsonl";

    private readonly object _lock = new();

    public void Add(string kind, string text)
    {
        var line = JsonSerializer.Serialize(new Entry(ClientDriver.MonotonicNs(), kind, text), LabEventJson.Default.Entry);
        lock (_lock) File.AppendAllText(path, line + "\n", new UTF8Encoding(false));
    }

    /// <summary>One line of lab-events.jsonl.</summary>
    internal sealed record Entry(
        [property: System.Text.Json.Serialization.JsonPropertyName("t_ns")] long TNs,
        [property: System.Text.Json.Serialization.JsonPropertyName("kind")] string Kind,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(LabEventLog.Entry))]
internal sealed partial class LabEventJson : System.Text.Json.Serialization.JsonSerializerContext;
