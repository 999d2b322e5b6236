using System.Globalization;
using System.Text.Json.Nodes;

namespace FtCore.Core.App.Counter;

/// <summary>The guide's application: my_state, one integer; <c>add N</c> returns the new value, <c>read</c> returns it.</summary>
public sealed class CounterApp : Application<CounterCommand, long>
{
    private const byte AddTag = 1;
    private const byte ReadTag = 2;

    private static readonly CounterModel SharedModel = new();

    public override string Name => "counter";

    public override string Summary => "the guide's my_state: add N returns the new value, read returns it";

    public override string Syntax => "add N | read";

    public override IStateMachine<CounterCommand, long> CreateStateMachine() => new CounterState();

    public override SequentialModel<CounterCommand, long> Model => SharedModel;

    public override void WriteCommand(ref ByteWriter writer, CounterCommand command)
    {
        writer.WriteByte(command.IsAdd ? AddTag : ReadTag);
        if (command.IsAdd) writer.WriteInt64(command.Amount);
    }

    public override CounterCommand ReadCommand(ref ByteReader reader) => reader.ReadByte() switch
    {
        AddTag => CounterCommand.Add(reader.ReadInt64()),
        ReadTag => CounterCommand.Read(),
        var tag => throw new FormatException($"unknown counter command tag {tag}"),
    };

    public override void WriteResult(ref ByteWriter writer, long result) => writer.WriteInt64(result);

    public override long ReadResult(ref ByteReader reader) => reader.ReadInt64();

    public override string Format(CounterCommand command) => command.ToString();

    public override string FormatResult(CounterCommand command, long result) => result.ToString(CultureInfo.InvariantCulture);

    public override bool TryParse(string text, out CounterCommand command, out string error)
    {
        var w = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        command = default;
        error = "";
        if (w.Length == 1 && w[0].Equals("read", StringComparison.OrdinalIgnoreCase))
        {
            command = CounterCommand.Read();
            return true;
        }
        if (w.Length == 2 && w[0].Equals("add", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(w[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            command = CounterCommand.Add(n);
            return true;
        }
        error = "counter ops: " + Syntax;
        return false;
    }

    public override CounterCommand NextCommand(IRandomSource random) =>
        random.Next(5) == 0 ? CounterCommand.Read() : CounterCommand.Add(1 + random.Next(9));

    public override JsonObject CommandToJson(CounterCommand command) =>
        command.IsAdd ? new JsonObject { ["op"] = "add", ["arg"] = command.Amount } : new JsonObject { ["op"] = "read" };

    public override CounterCommand CommandFromJson(JsonObject line)
    {
        var op = JsonFields.String(line, "op");
        return op switch
        {
            "add" => CounterCommand.Add(JsonFields.Integer(line, "arg")),
            "read" when !line.ContainsKey("arg") => CounterCommand.Read(),
            "read" => throw new FormatException("op 'read' takes no 'arg'"),
            _ => throw new FormatException($"unknown op '{op}' (counter ops are add and read)"),
        };
    }

    public override JsonNode? ResultToJson(CounterCommand command, long result) => result;

    public override long ResultFromJson(CounterCommand command, JsonNode? value) => JsonFields.Integer(value, "result");
}
