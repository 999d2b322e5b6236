using System.Text.Json;
using System.Text.Json.Serialization;
using FtCore.Core.App;
using FtCore.Core.Roles;

namespace FtCore.Sim.Faults;

/// <summary>
/// A fault schedule is data: the run's options and its faults, saved as JSON and replayed with
/// --schedule. The seed still drives the network's and the workload's randomness.
/// </summary>
public sealed record FaultSchedule
{
    public ulong Seed { get; init; }
    public ReplicationMode Mode { get; init; }
    public string App { get; init; } = ShippedApps.All.Default.Name;
    public ProtocolKind Protocol { get; init; }
    public int DurationMs { get; init; }
    public int Replicas { get; init; } = 3;
    public int Clients { get; init; } = 3;
    public FaultClass FaultClass { get; init; }
    /// <summary>When the fault phase ends and the heal phase (which requires convergence) begins.</summary>
    public long HealAtMs { get; init; }
    public IReadOnlyList<FaultEvent> Faults { get; init; } = [];

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The schedule as JSON (what a failing property prints, ready to save and replay with --schedule).</summary>
    public override string ToString() => ToJson();

    /// <summary>Parses a schedule file; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static FaultSchedule FromJson(string json, string source)
    {
        FaultSchedule? s;
        try
        {
            s = JsonSerializer.Deserialize<FaultSchedule>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not a fault schedule: {e.Message}", e);
        }
        if (s is null) throw new FormatException($"{source}: empty fault schedule");
        if (s.DurationMs <= 0) throw new FormatException($"{source}: duration_ms must be positive");
        if (s.HealAtMs <= 0 || s.HealAtMs > s.DurationMs) throw new FormatException($"{source}: heal_at_ms must be in 1..duration_ms");
        if (s.Replicas is < 1 or > 9) throw new FormatException($"{source}: replicas must be 1..9");
        if (s.Clients is < 1 or > 64) throw new FormatException($"{source}: clients must be 1..64");
        foreach (var f in s.Faults)
        {
            if (f.AtMs < 0 || f.AtMs > s.DurationMs) throw new FormatException($"{source}: fault '{f}' is outside the run");
        }
        return s;
    }

    /// <summary>The run's options, with its application taken from <paramref name="apps"/>.</summary>
    /// <exception cref="FormatException">No application of <paramref name="apps"/> has the schedule's app name.</exception>
    public SimOptions ToOptions(ApplicationSet apps) => new()
    {
        Seed = Seed,
        Mode = Mode,
        App = (apps ?? throw new ArgumentNullException(nameof(apps))).TryGet(App, out var app)
            ? app
            : throw new FormatException($"the schedule is for app '{App}', which this program does not serve (it serves {string.Join(", ", apps.Names)})"),
        Protocol = Protocol,
        DurationMs = DurationMs,
        Replicas = Replicas,
        Clients = Clients,
        Faults = FaultClass,
    };
}
