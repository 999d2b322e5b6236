using System.Globalization;

namespace FtCore.Demo.Cli;

/// <summary>
/// A small, strict reader of "--flag value" arguments: unknown flags, missing values and bad
/// values are errors that name the flag. Built from a command's <see cref="CommandSpec"/>, it
/// accepts exactly the flags that command's help lists, points to that help on an unknown flag,
/// and refuses (as a bug) to be asked about a flag the spec does not declare.
/// </summary>
internal sealed class ArgReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _flags;
    private readonly IReadOnlySet<string> _switches;
    private readonly CommandSpec? _spec;

    public ArgReader(IReadOnlyList<string> args, CommandSpec spec)
        : this(args, Names(spec, isSwitch: false), Names(spec, isSwitch: true), spec)
    {
    }

    public ArgReader(IReadOnlyList<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> switches)
        : this(args, flags, switches, null)
    {
    }

    private ArgReader(IReadOnlyList<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> switches, CommandSpec? spec)
    {
        _flags = flags;
        _switches = switches;
        _spec = spec;
        var seeHelp = spec is null ? "" : $"; see: ftcore {spec.Name} --help";
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unexpected argument '{a}' (flags start with --{seeHelp})");
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? a[..eq] : a;
            if (switches.Contains(name))
            {
                if (eq > 0) throw new UsageException($"{name} takes no value");
                _values[name] = null;
                continue;
            }
            if (!flags.Contains(name))
            {
                if (spec is null) throw new UsageException($"unknown flag '{name}' (known: {string.Join(", ", flags.Concat(switches).Order(StringComparer.Ordinal))})");
                var near = Suggestions.Nearest(name, flags.Concat(switches));
                throw new UsageException($"unknown flag '{name}' for ftcore {spec.Name} ({(near is null ? "" : $"did you mean {near}? ")}see: ftcore {spec.Name} --help)");
            }
            string value;
            if (eq > 0) value = a[(eq + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new UsageException($"{name} needs a value");
            if (_values.ContainsKey(name)) throw new UsageException($"{name} given twice");
            _values[name] = value;
        }
    }

    private static HashSet<string> Names(CommandSpec spec, bool isSwitch) =>
        new(spec.Flags.Where(f => f.IsSwitch == isSwitch).Select(f => f.Name), StringComparer.Ordinal);

    public bool Has(string name) => _values.ContainsKey(Declared(name));

    public string? String(string name) => _values.TryGetValue(Declared(name), out var v) ? v : null;

    /// <summary>A choice among the values its spec allows.</summary>
    public string Choice(string name, string fallback)
    {
        var allowed = _spec?.Find(name)?.Allowed ?? throw new InvalidOperationException($"{name} is not a choice in this command's spec");
        return Choice(name, fallback, [.. allowed]);
    }

    public string Choice(string name, string fallback, params string[] allowed)
    {
        var v = String(name);
        if (v is null) return fallback;
        if (!allowed.Contains(v, StringComparer.Ordinal)) throw new UsageException($"{name} must be one of {string.Join("|", allowed)}, not '{v}'");
        return v;
    }

    /// <summary>Asking about a flag the command does not accept is a bug: that flag could never be given.</summary>
    private string Declared(string name) => _flags.Contains(name) || _switches.Contains(name)
        ? name
        : throw new InvalidOperationException($"flag {name} is read but not declared{(_spec is null ? "" : $" in the spec of ftcore {_spec.Name}")}");

    public long Long(string name, long fallback, long min, long max)
    {
        var v = String(name);
        if (v is null) return fallback;
        if (!long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new UsageException($"{name} must be a whole number from {min} to {max}, not '{v}'");
        }
        return n;
    }

    public ulong Seed(string name, ulong fallback)
    {
        var v = String(name);
        if (v is null) return fallback;
        if (v.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(v.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h)) return h;
        if (ulong.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        throw new UsageException($"{name} must be a number (decimal or 0x hex), not '{v}'");
    }

    /// <summary>"60s", "1500ms", "2m" or a bare number of seconds, as milliseconds.</summary>
    public long DurationMs(string name, long fallbackMs, long minMs, long maxMs)
    {
        var v = String(name);
        if (v is null) return fallbackMs;
        long ms;
        if (v.EndsWith("ms", StringComparison.Ordinal) && long.TryParse(v[..^2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var a)) ms = a;
        else if (v.EndsWith('s') && double.TryParse(v[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var b)) ms = (long)(b * 1000);
        else if (v.EndsWith('m') && double.TryParse(v[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var c)) ms = (long)(c * 60_000);
        else if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) ms = (long)(d * 1000);
        else throw new UsageException($"{name} must be a duration like 60s, 1500ms or 2m, not '{v}'");
        if (ms < minMs || ms > maxMs) throw new UsageException($"{name} must be between {minMs / 1000.0}s and {maxMs / 1000.0}s, not '{v}'");
        return ms;
    }
}
