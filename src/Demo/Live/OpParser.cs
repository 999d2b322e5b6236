using System.Globalization;
using FtCore.Core.App;

namespace FtCore.Demo.Live;

/// <summary>Reads an operation typed at a manual client: "add 5", "read", "get k", "put k v", "append k v", "cas k old new".</summary>
public static class OpParser
{
    public const string Help = "counter: add N | read; kv: get K | put K V | append K V | cas K OLD|- NEW; an empty line repeats the last one";

    public static bool TryParse(string app, string line, out Operation op, out string error)
    {
        op = default;
        error = "";
        var w = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (w.Length == 0) { error = "empty"; return false; }
        var verb = w[0].ToLowerInvariant();
        if (app == "counter")
        {
            switch (verb)
            {
                case "read" when w.Length == 1:
                    op = Operation.Read();
                    return true;
                case "add" when w.Length == 2 && long.TryParse(w[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n):
                    op = Operation.Add(n);
                    return true;
                default:
                    error = "counter ops: add N | read";
                    return false;
            }
        }
        switch (verb)
        {
            case "get" when w.Length == 2:
                op = Operation.Get(w[1]);
                return true;
            case "put" when w.Length == 3:
                op = Operation.Put(w[1], w[2]);
                return true;
            case "append" when w.Length == 3:
                op = Operation.Append(w[1], w[2]);
                return true;
            case "cas" when w.Length == 4:
                op = Operation.Cas(w[1], w[2] == "-" ? null : w[2], w[3]);
                return true;
            default:
                error = "kv ops: get K | put K V | append K V | cas K OLD|- NEW";
                return false;
        }
    }
}
