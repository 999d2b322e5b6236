using System.Text.Json.Nodes;

namespace FtCore.Core.App;

/// <summary>
/// An application as FtCore's roles, hosts, simulator and tools see it: commands and results in
/// their encoded form (<see cref="Operation"/>, <see cref="OpResult"/>). Implement it by deriving
/// from <see cref="Application{TCommand, TResult}"/>, which does the encoding for typed commands.
/// Implementations hold no state of their own (each replica's state comes from
/// <see cref="CreateState"/>), so one instance serves every process and simulation at once.
/// </summary>
public interface IApplication
{
    /// <summary>The name processes agree on (<c>--app NAME</c>, cluster.conf): letters, digits, '-' and '_'.</summary>
    string Name { get; }

    /// <summary>One line for help texts and <c>ftcore apps</c>.</summary>
    string Summary { get; }

    /// <summary>The commands a manual client accepts, for its help line ("deposit ACCOUNT N | balance ACCOUNT").</summary>
    string Syntax { get; }

    /// <summary>A fresh state, as a replica starts with.</summary>
    IAppState CreateState();

    /// <summary>A command as console lines show it ("add 5").</summary>
    string Describe(Operation op);

    /// <summary>A result of <paramref name="op"/> as console lines show it ("42", "&lt;none&gt;", "refused: ...").</summary>
    string DescribeResult(Operation op, OpResult result);

    /// <summary>Reads a command typed at a manual client.</summary>
    bool TryParse(string text, out Operation op, out string error);

    /// <summary>The next command of the seeded workload of simulated and automatic clients.</summary>
    Operation NextOperation(IRandomSource random);

    /// <summary>The command's fields in a history line (at least "op").</summary>
    JsonObject ToJson(Operation op);

    /// <summary>The command of a history line (its other fields are ignored).</summary>
    /// <exception cref="FormatException">The fields do not make a command of this application.</exception>
    Operation FromJson(JsonObject line);

    /// <summary>The value of a history line's "result" field.</summary>
    JsonNode? ResultToJson(Operation op, OpResult result);

    /// <summary>The result that a history line's "result" field holds.</summary>
    /// <exception cref="FormatException">The value is not a result of <paramref name="op"/>.</exception>
    OpResult ResultFromJson(Operation op, JsonNode? value);

    /// <summary>Gives the application, with its command and result types, to a checker.</summary>
    TOut Accept<TOut>(IApplicationVisitor<TOut> visitor);
}

/// <summary>What a checker implements to receive an application with its types.</summary>
public interface IApplicationVisitor<out TOut>
{
    TOut Visit<TCommand, TResult>(Application<TCommand, TResult> application);
}
