using System.Text.Json;
using System.Text.Json.Nodes;

namespace FtCore.Core.App;

/// <summary>Strict readers of history-line fields for an application's JSON form; each failure is a <see cref="FormatException"/> naming the field.</summary>
public static class JsonFields
{
    public static string String(JsonObject line, string field)
    {
        ArgumentNullException.ThrowIfNull(line);
        return StringOrNull(line, field) ?? throw new FormatException($"field '{field}' must be a string, got null");
    }

    public static string? StringOrNull(JsonObject line, string field)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.TryGetPropertyValue(field, out var node)) throw new FormatException($"missing field '{field}'");
        return StringOrNull(node, field);
    }

    public static string? StringOrNull(JsonNode? node, string field)
    {
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw new FormatException($"field '{field}' must be a string or null, got {Kind(node)}");
    }

    public static long Integer(JsonObject line, string field)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.TryGetPropertyValue(field, out var node)) throw new FormatException($"missing field '{field}'");
        return Integer(node, field);
    }

    public static long Integer(JsonNode? node, string field)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n)) return n;
        if (node is JsonValue w && w.GetValueKind() == JsonValueKind.Number)
        {
            // A JsonValue made in memory holds a CLR number; one parsed from text holds a JsonElement.
            if (w.TryGetValue<JsonElement>(out var e) && e.TryGetInt64(out var m)) return m;
            if (w.TryGetValue<int>(out var i)) return i;
            throw new FormatException($"field '{field}' must be a 64-bit integer, got {w.ToJsonString()}");
        }
        throw new FormatException($"field '{field}' must be a 64-bit integer, got {Kind(node)}");
    }

    public static bool Boolean(JsonNode? node, string field) => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? v.GetValueKind() == JsonValueKind.True
        : throw new FormatException($"field '{field}' must be true or false, got {Kind(node)}");

    /// <summary>How a value is named in errors: "a string", "an array", "null".</summary>
    public static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "nothing",
    };
}
