using System.Text.Json.Nodes;

namespace FtCore.Core.App.Kv;

/// <summary>A small key-value store: <c>get K</c>, <c>put K V</c>, <c>append K V</c> (returns the new value), <c>cas K OLD NEW</c>.</summary>
public sealed class KvApp : Application<KvCommand, KvResult>
{
    private static readonly string[] Keys = ["k1", "k2", "k3"];
    private static readonly string[] Tokens = ["a", "b", "c", "d", "x", "y"];
    private static readonly KvModel SharedModel = new();

    public override string Name => "kv";

    public override string Summary => "a key-value store: get, put, append (returns the new value), cas";

    public override string Syntax => "get K | put K V | append K V | cas K OLD|- NEW";

    public override IStateMachine<KvCommand, KvResult> CreateStateMachine() => new KvState();

    public override SequentialModel<KvCommand, KvResult> Model => SharedModel;

    public override void WriteCommand(ref ByteWriter writer, KvCommand command)
    {
        writer.WriteByte((byte)command.Op);
        writer.WriteString(command.Key);
        if (command.Op == KvOp.Get) return;
        writer.WriteNullableString(command.Value);
        if (command.Op == KvOp.Cas) writer.WriteString(command.NewValue ?? "");
    }

    public override KvCommand ReadCommand(ref ByteReader reader)
    {
        var op = (KvOp)reader.ReadByte();
        if (op is < KvOp.Get or > KvOp.Cas) throw new FormatException($"unknown kv op {(byte)op}");
        var key = reader.ReadString();
        if (op == KvOp.Get) return KvCommand.Get(key);
        var value = reader.ReadNullableString();
        if (op != KvOp.Cas && value is null) throw new FormatException($"kv {op} needs a value");
        return op == KvOp.Cas ? KvCommand.Cas(key, value, reader.ReadString()) : new KvCommand(op, key, value);
    }

    public override void WriteResult(ref ByteWriter writer, KvResult result)
    {
        writer.WriteNullableString(result.Value);
        writer.WriteBool(result.Swapped);
    }

    public override KvResult ReadResult(ref ByteReader reader) => new(reader.ReadNullableString(), reader.ReadBool());

    public override string Format(KvCommand command) => command.ToString();

    /// <summary>An absent value is &lt;none&gt;, never 0.</summary>
    public override string FormatResult(KvCommand command, KvResult result) => command.Op switch
    {
        KvOp.Get => result.Value ?? "<none>",
        KvOp.Put => "ok",
        KvOp.Cas => result.Swapped ? "swapped" : "not swapped",
        _ => result.Value ?? "<none>",
    };

    public override bool TryParse(string text, out KvCommand command, out string error)
    {
        var w = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        command = default;
        error = "";
        var verb = w.Length == 0 ? "" : w[0].ToLowerInvariant();
        switch (verb)
        {
            case "get" when w.Length == 2:
                command = KvCommand.Get(w[1]);
                return true;
            case "put" when w.Length == 3:
                command = KvCommand.Put(w[1], w[2]);
                return true;
            case "append" when w.Length == 3:
                command = KvCommand.Append(w[1], w[2]);
                return true;
            case "cas" when w.Length == 4:
                command = KvCommand.Cas(w[1], w[2] == "-" ? null : w[2], w[3]);
                return true;
            default:
                error = "kv ops: " + Syntax;
                return false;
        }
    }

    public override KvCommand NextCommand(IRandomSource random)
    {
        var key = random.Pick(Keys);
        return random.Next(20) switch
        {
            < 6 => KvCommand.Get(key),
            < 10 => KvCommand.Put(key, random.Pick(Tokens)),
            < 17 => KvCommand.Append(key, random.Pick(Tokens)),
            _ => KvCommand.Cas(key, random.Chance(0.2) ? null : random.Pick(Tokens), random.Pick(Tokens)),
        };
    }

    /// <summary>op, key, then arg: the value (put, append) or [expected, new] (cas); get has no arg.</summary>
    public override JsonObject CommandToJson(KvCommand command)
    {
        var o = new JsonObject { ["op"] = command.Name, ["key"] = command.Key };
        switch (command.Op)
        {
            case KvOp.Put:
            case KvOp.Append:
                o["arg"] = command.Value;
                break;
            case KvOp.Cas:
                o["arg"] = new JsonArray(command.Value, command.NewValue);
                break;
            default:
                break;
        }
        return o;
    }

    public override KvCommand CommandFromJson(JsonObject line)
    {
        var op = JsonFields.String(line, "op");
        var key = op is "get" or "put" or "append" or "cas"
            ? JsonFields.String(line, "key")
            : throw new FormatException($"unknown op '{op}' (kv ops are get, put, append and cas)");
        switch (op)
        {
            case "get":
                return line.ContainsKey("arg") ? throw new FormatException("op 'get' takes no 'arg'") : KvCommand.Get(key);
            case "put":
            case "append":
                var value = JsonFields.StringOrNull(line, "arg") ?? throw new FormatException($"field 'arg' of {op} must be a string");
                return op == "put" ? KvCommand.Put(key, value) : KvCommand.Append(key, value);
            default:
                if (!line.TryGetPropertyValue("arg", out var arg)) throw new FormatException("missing field 'arg'");
                if (arg is not JsonArray a || a.Count != 2) throw new FormatException("field 'arg' of cas must be [expected, new]");
                return KvCommand.Cas(key, JsonFields.StringOrNull(a[0], "arg[0]"), JsonFields.StringOrNull(a[1], "arg[1]") ?? "");
        }
    }

    /// <summary>get and append: the value or null; put: null; cas: true or false.</summary>
    public override JsonNode? ResultToJson(KvCommand command, KvResult result) => command.Op switch
    {
        KvOp.Put => null,
        KvOp.Cas => result.Swapped,
        _ => result.Value,
    };

    public override KvResult ResultFromJson(KvCommand command, JsonNode? value) => command.Op switch
    {
        KvOp.Put => value is null ? default : throw new FormatException($"the result of put must be null, got {JsonFields.Kind(value)}"),
        KvOp.Cas => new KvResult(null, JsonFields.Boolean(value, "result")),
        _ => new KvResult(JsonFields.StringOrNull(value, "result")),
    };
}
