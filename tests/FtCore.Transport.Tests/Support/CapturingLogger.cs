using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace FtCore.Transport.Tests.Support;

/// <summary>One line a host logged.</summary>
internal readonly record struct LoggedLine(LogLevel Level, string Text)
{
    public override string ToString() => $"{Level}: {Text}";
}

/// <summary>An ILogger that keeps every line a host writes, for tests to look for.</summary>
internal sealed partial class CapturingLogger : ILogger
{
    private readonly object _gate = new();
    private readonly List<LoggedLine> _lines = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = formatter(state, exception);
        lock (_gate) _lines.Add(new LoggedLine(logLevel, text));
    }

    public IReadOnlyList<LoggedLine> Lines
    {
        get
        {
            lock (_gate) return _lines.ToArray();
        }
    }

    public IReadOnlyList<string> Warnings => Lines.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Text).ToArray();

    /// <summary>Warning lines that name <paramref name="remote"/> (an address:port, matched whole).</summary>
    public IReadOnlyList<string> WarningsAbout(string remote) => Warnings.Where(l => Names(l, remote)).ToArray();

    /// <summary>How many warning lines name each loopback address:port.</summary>
    public Dictionary<string, int> WarningCountsByRemote()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in Warnings)
        {
            foreach (var remote in Loopback().Matches(line).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                counts[remote] = counts.GetValueOrDefault(remote) + 1;
            }
        }
        return counts;
    }

    public int Count(Func<LoggedLine, bool> match)
    {
        lock (_gate) return _lines.Count(match);
    }

    /// <summary>Everything logged, for a failure message.</summary>
    public string Dump(int last = 60)
    {
        var lines = Lines;
        return string.Join("\n", lines.Skip(Math.Max(0, lines.Count - last)));
    }

    /// <summary>True when <paramref name="line"/> contains <paramref name="remote"/> not followed by another digit.</summary>
    public static bool Names(string line, string remote)
    {
        var at = 0;
        while ((at = line.IndexOf(remote, at, StringComparison.Ordinal)) >= 0)
        {
            var end = at + remote.Length;
            if (end == line.Length || !char.IsAsciiDigit(line[end])) return true;
            at = end;
        }
        return false;
    }

    [GeneratedRegex(@"127\.\d+\.\d+\.\d+:\d+")]
    private static partial Regex Loopback();
}
