using System.Text;
using FtCore.Demo.Cli;

namespace FtCore.Demo.Help;

/// <summary>Prints a command's help: synopsis, arguments, every flag with its values and default, an example; wrapped at 100 columns.</summary>
internal static class HelpWriter
{
    public const int Width = 100;
    public const int MaxColumn = 30;

    public static string Render(CommandSpec spec)
    {
        var sb = new StringBuilder();
        Wrap(sb, $"ftcore {spec.Name}: {spec.Summary}", 0, 0);
        if (spec.Description.Length > 0) Wrap(sb, spec.Description, 0, 0);
        sb.AppendLine().AppendLine("usage:");
        foreach (var s in spec.Synopsis) Wrap(sb, s, 2, 6);
        // One column for the whole help, so every section lines up.
        var column = Column(spec.Arguments.Select(a => a.Usage).Concat(spec.Flags.Select(Left)));
        if (spec.Arguments.Count > 0)
        {
            sb.AppendLine().AppendLine(spec.ArgumentsTitle + ":");
            Table(sb, spec.Arguments, column);
        }
        foreach (var g in spec.Groups.Where(g => g.Flags.Count > 0))
        {
            sb.AppendLine().AppendLine(g.Title + ":");
            Table(sb, [.. g.Flags.Select(f => (Left(f), Describe(f)))], column);
        }
        sb.AppendLine().AppendLine(spec.Examples.Count == 1 ? "example:" : "examples:");
        foreach (var e in spec.Examples) Wrap(sb, e, 2, 6);
        if (spec.Notes.Count > 0)
        {
            sb.AppendLine();
            foreach (var n in spec.Notes) Wrap(sb, n, 0, 2);
        }
        return sb.ToString().TrimEnd('\n');
    }

    public static string Left(FlagSpec f) => f.Value is null ? f.Name : $"{f.Name} {f.Value}";

    /// <summary>The flag's meaning, its allowed values when they are not already on the left, and its default.</summary>
    public static string Describe(FlagSpec f)
    {
        var text = f.Help;
        if (f.Allowed is { } allowed && f.Value != string.Join('|', allowed)) text += $"; one of: {string.Join(", ", allowed)}";
        if (f.Default is not null) text += $" (default: {f.Default})";
        return text;
    }

    /// <summary>Where the right column starts: after the widest left entry that fits the limit (longer ones get their own line).</summary>
    public static int Column(IEnumerable<string> lefts) =>
        lefts.Select(l => l.Length + 4).Where(c => c <= MaxColumn).DefaultIfEmpty(MaxColumn).Max();

    /// <summary>Two columns, the right one starting at <paramref name="column"/>.</summary>
    public static void Table(StringBuilder sb, IReadOnlyList<(string Left, string Right)> rows, int column)
    {
        foreach (var (left, right) in rows)
        {
            var head = "  " + left;
            if (head.Length + 2 > column)
            {
                sb.AppendLine(head);
                Wrap(sb, right, column, column);
            }
            else
            {
                Wrap(sb, head.PadRight(column) + right, 0, column);
            }
        }
    }

    /// <summary>Word-wraps one paragraph: the first line indented by <paramref name="first"/>, the rest by <paramref name="rest"/>.</summary>
    public static void Wrap(StringBuilder sb, string text, int first, int rest)
    {
        var line = new StringBuilder(new string(' ', first));
        var lineHasWord = false;
        // Leading spaces of the text are kept (a table row's padding), so split on single spaces.
        var leading = text.Length - text.TrimStart(' ').Length;
        line.Append(text.AsSpan(0, leading));
        var words = text[leading..].Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            var sep = lineHasWord ? 1 : 0;
            if (lineHasWord && line.Length + sep + w.Length > Width)
            {
                sb.AppendLine(line.ToString().TrimEnd());
                line.Clear().Append(' ', rest);
                lineHasWord = false;
                sep = 0;
            }
            if (sep > 0) line.Append(' ');
            line.Append(w);
            lineHasWord = w.Length > 0 || lineHasWord;
        }
        sb.AppendLine(line.ToString().TrimEnd());
    }
}
