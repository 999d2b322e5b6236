using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.History;

/// <summary>
/// The history file format (docs/design.md, "History file"): JSON lines, one <see cref="HistoryEvent"/>
/// per line, fields in the fixed order client, req, type, the application's fields for the command
/// (op first: the counter writes op and arg, kv op, key and arg), result (ok only), error (a fail
/// that a replica refused), t. For example
/// <c>{"client":"C1","req":101,"type":"ok","op":"add","arg":5,"result":42,"t":123457000}</c>.
/// Writing is deterministic (no spaces, "\n" line ends); reading is strict and reports the line
/// and the problem as a <see cref="HistoryFormatException"/>.
/// </summary>
public static class HistoryJson
{
    private static readonly string[] OwnFields = ["client", "req", "type", "result", "error", "t"];

    /// <summary>One event as one JSON line, without the line end.</summary>
    /// <exception cref="ArgumentException">The event's operation or result is not one of <paramref name="app"/>'s.</exception>
    public static string ToJsonLine(HistoryEvent e, IApplication app)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(app);
        JsonObject fields;
        JsonNode? result = null;
        try
        {
            fields = app.ToJson(e.Op);
            if (e.Type == HistoryType.Ok)
            {
                var r = e.Result ?? throw new ArgumentException($"{e.Client} req {e.Req}: an ok event needs a result", nameof(e));
                result = app.ResultToJson(e.Op, r);
            }
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{e.Client} req {e.Req}: not a {app.Name} operation or result: {ex.Message}", nameof(e), ex);
        }

        var sb = new StringBuilder(128);
        sb.Append("{\"client\":");
        JsonText.AppendString(sb, e.Client.ToString());
        sb.Append(",\"req\":").Append(e.Req.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"type\":\"").Append(TypeName(e.Type)).Append('"');
        foreach (var (name, value) in fields)
        {
            if (OwnFields.Contains(name)) throw new ArgumentException($"{app.Name}: an operation's JSON may not use the field name '{name}'", nameof(app));
            sb.Append(',');
            JsonText.AppendString(sb, name);
            sb.Append(':');
            JsonText.AppendNode(sb, value);
        }
        if (e.Type == HistoryType.Ok)
        {
            sb.Append(",\"result\":");
            JsonText.AppendNode(sb, result);
        }
        if (e.Type == HistoryType.Fail && e.Result?.Refusal is { } why)
        {
            sb.Append(",\"error\":");
            JsonText.AppendString(sb, why);
        }
        sb.Append(",\"t\":").Append(e.TimeNs.ToString(CultureInfo.InvariantCulture)).Append('}');
        return sb.ToString();
    }

    /// <summary>Writes each event as one line ending in "\n".</summary>
    public static void Write(TextWriter w, IEnumerable<HistoryEvent> events, IApplication app)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            w.Write(ToJsonLine(e, app));
            w.Write('\n');
        }
    }

    /// <summary>Reads a whole history file; blank lines are skipped.</summary>
    /// <exception cref="HistoryFormatException">A line is not a valid event ("line 7: unknown op 'mul'").</exception>
    public static IReadOnlyList<HistoryEvent> Read(TextReader r, IApplication app)
    {
        ArgumentNullException.ThrowIfNull(r);
        var events = new List<HistoryEvent>();
        var lineNumber = 0;
        while (r.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            events.Add(FromJsonLine(line, app, lineNumber));
        }
        return events;
    }

    /// <summary>Parses one line; <paramref name="lineNumber"/> only labels the error messages.</summary>
    /// <exception cref="HistoryFormatException">The line is not a valid event.</exception>
    public static HistoryEvent FromJsonLine(string line, IApplication app, int lineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(app);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new HistoryFormatException(lineNumber, "not valid JSON: " + ex.Message, ex);
        }

        using (doc)
        {
            try
            {
                return Parse(doc.RootElement, app, lineNumber);
            }
            catch (InvalidOperationException ex)
            {
                // GetString on an invalid escape such as a lone surrogate.
                throw new HistoryFormatException(lineNumber, ex.Message, ex);
            }
        }
    }

    private static HistoryEvent Parse(JsonElement root, IApplication app, int line)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new HistoryFormatException(line, $"expected a JSON object, got {Kind(root.ValueKind)}");
        }

        JsonElement? client = null, req = null, type = null, result = null, error = null, t = null;
        var fields = new JsonObject();
        foreach (var p in root.EnumerateObject())
        {
            ref var slot = ref client;
            switch (p.Name)
            {
                case "client": slot = ref client; break;
                case "req": slot = ref req; break;
                case "type": slot = ref type; break;
                case "result": slot = ref result; break;
                case "error": slot = ref error; break;
                case "t": slot = ref t; break;
                default:
                    if (fields.ContainsKey(p.Name)) throw new HistoryFormatException(line, $"duplicate field '{p.Name}'");
                    fields[p.Name] = JsonNode.Parse(p.Value.GetRawText());
                    continue;
            }
            if (slot.HasValue) throw new HistoryFormatException(line, $"duplicate field '{p.Name}'");
            slot = p.Value;
        }

        var clientText = RequireString(client, "client", line);
        if (!NodeId.TryParse(clientText, out var clientId))
        {
            throw new HistoryFormatException(line, $"bad client '{clientText}' (expected a process id such as C1)");
        }
        var reqNumber = RequireInteger(req, "req", line);
        var typeText = RequireString(type, "type", line);
        var historyType = typeText switch
        {
            "invoke" => HistoryType.Invoke,
            "ok" => HistoryType.Ok,
            "fail" => HistoryType.Fail,
            "info" => HistoryType.Info,
            _ => throw new HistoryFormatException(line, $"unknown type '{typeText}' (expected invoke, ok, fail or info)"),
        };

        Operation op;
        try
        {
            op = app.FromJson(fields);
        }
        catch (FormatException ex)
        {
            throw new HistoryFormatException(line, $"not a {app.Name} operation: {ex.Message}", ex);
        }
        // Strict: every field is one the operation's own JSON form has.
        var known = app.ToJson(op);
        foreach (var (name, _) in fields)
        {
            if (!known.ContainsKey(name)) throw new HistoryFormatException(line, $"unknown field '{name}' for {app.Name} op '{app.Describe(op)}'");
        }

        OpResult? opResult = null;
        if (historyType == HistoryType.Ok)
        {
            if (!result.HasValue) throw new HistoryFormatException(line, "missing field 'result'");
            try
            {
                opResult = app.ResultFromJson(op, JsonNode.Parse(result.Value.GetRawText()));
            }
            catch (FormatException ex)
            {
                throw new HistoryFormatException(line, $"field 'result': {ex.Message}", ex);
            }
        }
        else if (result.HasValue)
        {
            throw new HistoryFormatException(line, $"field 'result' is only allowed on ok events, not {typeText}");
        }
        if (error.HasValue)
        {
            if (historyType != HistoryType.Fail) throw new HistoryFormatException(line, $"field 'error' is only allowed on fail events, not {typeText}");
            opResult = OpResult.Refuse(RequireString(error, "error", line));
        }

        var time = RequireInteger(t, "t", line);
        return new HistoryEvent(clientId, reqNumber, historyType, op, opResult, time);
    }

    private static string RequireString(JsonElement? e, string field, int line)
    {
        if (!e.HasValue) throw new HistoryFormatException(line, $"missing field '{field}'");
        var v = e.Value;
        return v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new HistoryFormatException(line, $"field '{field}' must be a string, got {Kind(v.ValueKind)}");
    }

    private static string? RequireStringOrNull(JsonElement? e, string field, int line)
    {
        if (!e.HasValue) throw new HistoryFormatException(line, $"missing field '{field}'");
        return RequireStringOrNull(e.Value, field, line);
    }

    private static string? RequireStringOrNull(JsonElement v, string field, int line) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null => null,
        _ => throw new HistoryFormatException(line, $"field '{field}' must be a string or null, got {Kind(v.ValueKind)}"),
    };

    private static long RequireInteger(JsonElement? e, string field, int line)
    {
        if (!e.HasValue) throw new HistoryFormatException(line, $"missing field '{field}'");
        return RequireInteger(e.Value, field, line);
    }

    private static long RequireInteger(JsonElement v, string field, int line)
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        var got = v.ValueKind == JsonValueKind.Number ? v.GetRawText() : Kind(v.ValueKind);
        throw new HistoryFormatException(line, $"field '{field}' must be a 64-bit integer, got {got}");
    }

    private static string Kind(JsonValueKind k) => k switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string TypeName(HistoryType type) => type switch
    {
        HistoryType.Invoke => "invoke",
        HistoryType.Ok => "ok",
        HistoryType.Fail => "fail",
        HistoryType.Info => "info",
        _ => throw new ArgumentException($"unknown history type {(int)type}", nameof(type)),
    };
}
