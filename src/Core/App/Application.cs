using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FtCore.Core.App;

/// <summary>
/// A replicated application with its own command and result types: everything FtCore needs to
/// replicate it (codec, state machine), to drive it (a parser for the manual client, a seeded
/// workload) and to judge it (a sequential model). Override the JSON members to give histories a
/// structured form; by default a command is its text (<see cref="Format"/>, read back with
/// <see cref="TryParse"/>) and a result its System.Text.Json form.
/// </summary>
public abstract class Application<TCommand, TResult> : IApplication
{
    private const int StackBytes = 64;

    /// <summary>
    /// Whether an encoded command or result keeps the value it came from: only for types whose
    /// decoding allocates (strings, classes). A plain value such as a number decodes for free, and
    /// keeping it would cost a box per operation.
    /// </summary>
    private static readonly bool KeepCommand = RuntimeHelpers.IsReferenceOrContainsReferences<TCommand>();
    private static readonly bool KeepResult = RuntimeHelpers.IsReferenceOrContainsReferences<TResult>();

    public abstract string Name { get; }

    public virtual string Summary => Name;

    public abstract string Syntax { get; }

    /// <summary>A fresh state machine. Commands and results should be immutable values: a simulated run hands one command object to every replica.</summary>
    public abstract IStateMachine<TCommand, TResult> CreateStateMachine();

    public abstract void WriteCommand(ref ByteWriter writer, TCommand command);

    /// <exception cref="FormatException">The bytes are not a command (a <see cref="ByteReader"/> read failed, or a field is out of range).</exception>
    public abstract TCommand ReadCommand(ref ByteReader reader);

    public abstract void WriteResult(ref ByteWriter writer, TResult result);

    /// <exception cref="FormatException">The bytes are not a result.</exception>
    public abstract TResult ReadResult(ref ByteReader reader);

    /// <summary>
    /// A property every state must keep (money is conserved, no balance is negative): null when it
    /// holds, else what is wrong. The simulator checks it at every replica after every command it
    /// executes and after every checkpoint it installs; live processes never call it.
    /// </summary>
    public virtual string? CheckState(IStateMachine<TCommand, TResult> state) => null;

    /// <summary>A command as text, as the console and the manual client write it ("transfer A B 5"); by default its <c>ToString()</c>.</summary>
    public virtual string Format(TCommand command) => command?.ToString() ?? "null";

    /// <summary>A result as text.</summary>
    public virtual string FormatResult(TCommand command, TResult result) => result?.ToString() ?? "null";

    /// <summary>Reads a command typed at a manual client; on failure <paramref name="error"/> says why.</summary>
    public abstract bool TryParse(string text, [MaybeNullWhen(false)] out TCommand command, out string error);

    /// <summary>The next command of the seeded workload: draw only from <paramref name="random"/>.</summary>
    public abstract TCommand NextCommand(IRandomSource random);

    /// <summary>The sequential specification histories are checked against.</summary>
    public abstract SequentialModel<TCommand, TResult> Model { get; }

    /// <summary>A command's fields in a history line; by default <c>{"op": "&lt;its text&gt;"}</c>.</summary>
    public virtual JsonObject CommandToJson(TCommand command) => new() { ["op"] = Format(command) };

    /// <summary>The command of a history line; by default its "op" text, parsed.</summary>
    public virtual TCommand CommandFromJson(JsonObject line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line["op"] is not JsonValue v || !v.TryGetValue<string>(out var text)) throw new FormatException("field 'op' must be a string");
        return TryParse(text, out var command, out var error) ? command : throw new FormatException($"op '{text}': {error}");
    }

    /// <summary>A result's value in a history line; by default its System.Text.Json form.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Results are the application's own types, kept by its reference.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above.")]
    public virtual JsonNode? ResultToJson(TCommand command, TResult result) => JsonSerializer.SerializeToNode(result);

    /// <summary>The result in a history line's "result" value.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Results are the application's own types, kept by its reference.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above.")]
    public virtual TResult ResultFromJson(TCommand command, JsonNode? value)
    {
        try
        {
            return value is null ? default! : value.Deserialize<TResult>()!;
        }
        catch (JsonException e)
        {
            throw new FormatException($"result {value?.ToJsonString() ?? "null"}: {e.Message}", e);
        }
    }

    /// <summary>The command's encoded form.</summary>
    public Operation Encode(TCommand command)
    {
        var w = new ByteWriter(stackalloc byte[StackBytes]);
        try
        {
            WriteCommand(ref w, command);
            return !KeepCommand || command is null ? new Operation(w.ToArray()) : new Operation(w.ToArray(), command);
        }
        finally
        {
            w.Dispose();
        }
    }

    /// <summary>The command an operation encodes.</summary>
    /// <exception cref="FormatException">It is not one of this application's commands.</exception>
    public TCommand Decode(Operation op)
    {
        if (op.Command is TCommand known) return known;
        var r = new ByteReader(op.Span);
        var command = ReadCommand(ref r);
        r.ExpectEnd();
        return command;
    }

    /// <summary>The result's encoded form.</summary>
    public OpResult EncodeResult(TResult result)
    {
        var w = new ByteWriter(stackalloc byte[StackBytes]);
        try
        {
            WriteResult(ref w, result);
            return !KeepResult || result is null ? OpResult.Of(w.ToArray()) : OpResult.Of(w.ToArray(), result);
        }
        finally
        {
            w.Dispose();
        }
    }

    /// <summary>The result an encoded result holds.</summary>
    /// <exception cref="FormatException">It is not one of this application's results, or a refusal.</exception>
    public TResult DecodeResult(OpResult result)
    {
        if (result.Refusal is { } why) throw new FormatException("the operation was refused: " + why);
        if (result.Value is TResult known) return known;
        var r = new ByteReader(result.Span);
        var value = ReadResult(ref r);
        r.ExpectEnd();
        return value;
    }

    IAppState IApplication.CreateState() => new TypedAppState<TCommand, TResult>(this, CreateStateMachine());

    string IApplication.Describe(Operation op)
    {
        if (!TryDecode(op, out var c)) return $"<undecodable {Name} command {op}>";
        try
        {
            return Format(c);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A line on a console is not worth a replica: it says what threw instead.
            return $"<{Name} command {op}: Format threw {e.GetType().Name}: {e.Message}>";
        }
    }

    string IApplication.DescribeResult(Operation op, OpResult result)
    {
        if (result.Refusal is { } why) return "refused: " + why;
        if (!TryDecode(op, out var c)) return result.ToString();
        try
        {
            return FormatResult(c, DecodeResult(result));
        }
        catch (FormatException)
        {
            return $"<undecodable {Name} result {result}>";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"<{Name} result {result}: FormatResult threw {e.GetType().Name}: {e.Message}>";
        }
    }

    bool IApplication.TryParse(string text, out Operation op, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var c, out error))
        {
            op = Encode(c);
            return true;
        }
        op = default;
        return false;
    }

    Operation IApplication.NextOperation(IRandomSource random)
    {
        try
        {
            return Encode(NextCommand(random));
        }
        catch (Exception e) when (e is not (OutOfMemoryException or ApplicationFaultException))
        {
            throw new ApplicationFaultException(Name, "NextCommand (or WriteCommand)", e);
        }
    }

    JsonObject IApplication.ToJson(Operation op) => CommandToJson(Decode(op));

    Operation IApplication.FromJson(JsonObject line) => Encode(CommandFromJson(line));

    JsonNode? IApplication.ResultToJson(Operation op, OpResult result) => ResultToJson(Decode(op), DecodeResult(result));

    OpResult IApplication.ResultFromJson(Operation op, JsonNode? value) => EncodeResult(ResultFromJson(Decode(op), value));

    TOut IApplication.Accept<TOut>(IApplicationVisitor<TOut> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.Visit(this);
    }

    private bool TryDecode(Operation op, [MaybeNullWhen(false)] out TCommand command)
    {
        try
        {
            command = Decode(op);
            return true;
        }
        catch (FormatException)
        {
            command = default;
            return false;
        }
    }

    public override string ToString() => Name;
}
