using System.Globalization;
using System.Text;
using System.Text.Json;
using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.History;

/// <summary>
/// The history file format (docs/design.md, "History file"): JSON lines, one <see cref="HistoryEvent"/>
/// per line, fields in the fixed order client, req, type, op, key (kv ops only), arg (not for
/// read/get), result (ok only), t. For example
/// <c>{"client":"C1","req":101,"type":"ok","op":"add","arg":5,"result":42,"t":123457000}</c>.
/// Writing is deterministic (no spaces, "\n" line ends); reading is strict and reports the line
/// and the problem as a <see cref="HistoryFormatException"/>.
/// </summary>
/// <remarks>
/// Round trips are exact for canonical events: <see cref="HistoryEvent.Result"/> is set only on
/// ok events (put: <c>default</c>), and only the <see cref="Operation"/> fields its kind uses are set.
/// Strings must be valid UTF-16 (a lone surrogate is written escaped but rejected on reading).
/// </remarks>
public static class HistoryJson
{
    /// <summary>One event as one JSON line, without the line end.</summary>
    public static string ToJsonLine(HistoryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var op = e.Op;
        var sb = new StringBuilder(112);
        sb.Append("{\"client\":");
        AppendString(sb, e.Client.ToString());
        sb.Append(",\"req\":").Append(e.Req.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"type\":\"").Append(TypeName(e.Type)).Append('"');
        sb.Append(",\"op\":\"").Append(OpName(op.Kind)).Append('"');
        if (IsKv(op.Kind))
        {
            sb.Append(",\"key\":");
            AppendString(sb, op.Key ?? throw new ArgumentException($"{e.Client} req {e.Req}: kv op {op.Name} has no key", nameof(e)));
        }

        switch (op.Kind)
        {
            case OpKind.Add:
                sb.Append(",\"arg\":").Append(op.Number.ToString(CultureInfo.InvariantCulture));
                break;
            case OpKind.Put:
            case OpKind.Append:
                sb.Append(",\"arg\":");
                AppendStringOrNull(sb, op.Text);
                break;
            case OpKind.Cas:
                sb.Append(",\"arg\":[");
                AppendStringOrNull(sb, op.Text);
                sb.Append(',');
                AppendStringOrNull(sb, op.Text2);
                sb.Append(']');
                break;
            default:
                break;
        }

        if (e.Type == HistoryType.Ok)
        {
            var result = e.Result ?? throw new ArgumentException($"{e.Client} req {e.Req}: an ok event needs a result", nameof(e));
            sb.Append(",\"result\":");
            switch (op.Kind)
            {
                case OpKind.Add:
                case OpKind.Read:
                    sb.Append(result.Number.ToString(CultureInfo.InvariantCulture));
                    break;
                case OpKind.Get:
                case OpKind.Append:
                    AppendStringOrNull(sb, result.Text);
                    break;
                case OpKind.Put:
                    sb.Append("null");
                    break;
                case OpKind.Cas:
                    sb.Append(result.Number != 0 ? "true" : "false");
                    break;
                default:
                    throw new ArgumentException($"unknown op kind {(int)op.Kind}", nameof(e));
            }
        }

        sb.Append(",\"t\":").Append(e.TimeNs.ToString(CultureInfo.InvariantCulture)).Append('}');
        return sb.ToString();
    }

    /// <summary>Writes each event as one line ending in "\n".</summary>
    public static void Write(TextWriter w, IEnumerable<HistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            w.Write(ToJsonLine(e));
            w.Write('\n');
        }
    }

    /// <summary>Reads a whole history file; blank lines are skipped.</summary>
    /// <exception cref="HistoryFormatException">A line is not a valid event ("line 7: unknown op 'mul'").</exception>
    public static IReadOnlyList<HistoryEvent> Read(TextReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var events = new List<HistoryEvent>();
        var lineNumber = 0;
        while (r.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            events.Add(FromJsonLine(line, lineNumber));
        }
        return events;
    }

    /// <summary>Parses one line; <paramref name="lineNumber"/> only labels the error messages.</summary>
    /// <exception cref="HistoryFormatException">The line is not a valid event.</exception>
    public static HistoryEvent FromJsonLine(string line, int lineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(line);
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
                return Parse(doc.RootElement, lineNumber);
            }
            catch (InvalidOperationException ex)
            {
                // GetString on an invalid escape such as a lone surrogate.
                throw new HistoryFormatException(lineNumber, ex.Message, ex);
            }
        }
    }

    private static HistoryEvent Parse(JsonElement root, int line)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new HistoryFormatException(line, $"expected a JSON object, got {Kind(root.ValueKind)}");
        }

        JsonElement? client = null, req = null, type = null, opName = null, key = null, arg = null, result = null, t = null;
        foreach (var p in root.EnumerateObject())
        {
            ref var slot = ref client;
            switch (p.Name)
            {
                case "client": slot = ref client; break;
                case "req": slot = ref req; break;
                case "type": slot = ref type; break;
                case "op": slot = ref opName; break;
                case "key": slot = ref key; break;
                case "arg": slot = ref arg; break;
                case "result": slot = ref result; break;
                case "t": slot = ref t; break;
                default: throw new HistoryFormatException(line, $"unknown field '{p.Name}'");
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
        var opText = RequireString(opName, "op", line);
        var kind = opText switch
        {
            "add" => OpKind.Add,
            "read" => OpKind.Read,
            "get" => OpKind.Get,
            "put" => OpKind.Put,
            "append" => OpKind.Append,
            "cas" => OpKind.Cas,
            _ => throw new HistoryFormatException(line, $"unknown op '{opText}'"),
        };

        string? keyText = null;
        if (IsKv(kind))
        {
            keyText = RequireString(key, "key", line);
        }
        else if (key.HasValue)
        {
            throw new HistoryFormatException(line, $"field 'key' is only for kv ops, not {opText}");
        }

        var op = kind switch
        {
            OpKind.Add => Operation.Add(RequireInteger(arg, "arg", line)),
            OpKind.Read => NoArg(Operation.Read(), arg, opText, line),
            OpKind.Get => NoArg(Operation.Get(keyText!), arg, opText, line),
            OpKind.Put => new Operation(OpKind.Put, Key: keyText, Text: RequireStringOrNull(arg, "arg", line)),
            OpKind.Append => new Operation(OpKind.Append, Key: keyText, Text: RequireStringOrNull(arg, "arg", line)),
            _ => ParseCas(keyText!, arg, line),
        };

        OpResult? opResult = null;
        if (historyType == HistoryType.Ok)
        {
            if (!result.HasValue) throw new HistoryFormatException(line, "missing field 'result'");
            var v = result.Value;
            opResult = kind switch
            {
                OpKind.Add or OpKind.Read => new OpResult(RequireInteger(v, "result", line)),
                OpKind.Get or OpKind.Append => new OpResult(0, RequireStringOrNull(v, "result", line)),
                OpKind.Put => v.ValueKind == JsonValueKind.Null
                    ? default
                    : throw new HistoryFormatException(line, $"field 'result' of put must be null, got {Kind(v.ValueKind)}"),
                _ => v.ValueKind switch
                {
                    JsonValueKind.True => new OpResult(1),
                    JsonValueKind.False => new OpResult(0),
                    _ => throw new HistoryFormatException(line, $"field 'result' of cas must be true or false, got {Kind(v.ValueKind)}"),
                },
            };
        }
        else if (result.HasValue)
        {
            throw new HistoryFormatException(line, $"field 'result' is only allowed on ok events, not {typeText}");
        }

        var time = RequireInteger(t, "t", line);
        return new HistoryEvent(clientId, reqNumber, historyType, op, opResult, time);
    }

    private static Operation NoArg(Operation op, JsonElement? arg, string opText, int line) =>
        arg.HasValue ? throw new HistoryFormatException(line, $"op '{opText}' takes no 'arg'") : op;

    private static Operation ParseCas(string key, JsonElement? arg, int line)
    {
        if (!arg.HasValue) throw new HistoryFormatException(line, "missing field 'arg'");
        var a = arg.Value;
        if (a.ValueKind != JsonValueKind.Array || a.GetArrayLength() != 2)
        {
            throw new HistoryFormatException(line, "field 'arg' of cas must be [expected, new]");
        }
        var expected = RequireStringOrNull(a[0], "arg[0]", line);
        var next = RequireStringOrNull(a[1], "arg[1]", line);
        return new Operation(OpKind.Cas, Key: key, Text: expected, Text2: next);
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

    private static bool IsKv(OpKind kind) => kind is OpKind.Get or OpKind.Put or OpKind.Append or OpKind.Cas;

    private static string TypeName(HistoryType type) => type switch
    {
        HistoryType.Invoke => "invoke",
        HistoryType.Ok => "ok",
        HistoryType.Fail => "fail",
        HistoryType.Info => "info",
        _ => throw new ArgumentException($"unknown history type {(int)type}", nameof(type)),
    };

    private static string OpName(OpKind kind) => kind switch
    {
        OpKind.Add => "add",
        OpKind.Read => "read",
        OpKind.Get => "get",
        OpKind.Put => "put",
        OpKind.Append => "append",
        OpKind.Cas => "cas",
        _ => throw new ArgumentException($"unknown op kind {(int)kind}", nameof(kind)),
    };

    private static void AppendStringOrNull(StringBuilder sb, string? s)
    {
        if (s is null) sb.Append("null");
        else AppendString(sb, s);
    }

    /// <summary>A JSON string: escapes quote, backslash, control characters and lone surrogates only.</summary>
    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        AppendEscape(sb, c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[i + 1]);
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        AppendEscape(sb, c);
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    private static void AppendEscape(StringBuilder sb, char c) =>
        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
