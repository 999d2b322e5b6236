using System.Collections;

namespace FtCore.Core.App;

/// <summary>
/// The applications a program serves, by name, in the order given (the first is the default).
/// Two applications with the same name, or a name that is not a plain word, are refused.
/// </summary>
public sealed class ApplicationSet : IReadOnlyList<IApplication>
{
    private readonly IApplication[] _apps;

    public ApplicationSet(IEnumerable<IApplication> applications)
    {
        ArgumentNullException.ThrowIfNull(applications);
        _apps = [.. applications];
        if (_apps.Length == 0) throw new ArgumentException("an application set needs at least one application", nameof(applications));
        for (var i = 0; i < _apps.Length; i++)
        {
            var app = _apps[i] ?? throw new ArgumentException($"application #{i + 1} is null", nameof(applications));
            var name = app.Name;
            if (!IsPlainName(name))
            {
                throw new ArgumentException($"application name '{name}' ({app.GetType().FullName}) must be letters, digits, '-' or '_', 1 to 32 characters", nameof(applications));
            }
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(_apps[j].Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"two applications are named '{name}': {_apps[j].GetType().FullName} and {app.GetType().FullName}", nameof(applications));
                }
            }
        }
    }

    public ApplicationSet(params IApplication[] applications)
        : this((IEnumerable<IApplication>)applications)
    {
    }

    /// <summary>The first application: what runs when none is named.</summary>
    public IApplication Default => _apps[0];

    public IReadOnlyList<string> Names => [.. _apps.Select(a => a.Name)];

    public int Count => _apps.Length;

    public IApplication this[int index] => _apps[index];

    public bool TryGet(string name, out IApplication app)
    {
        foreach (var a in _apps)
        {
            if (string.Equals(a.Name, name, StringComparison.Ordinal))
            {
                app = a;
                return true;
            }
        }
        app = null!;
        return false;
    }

    /// <summary>The application named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">None has that name; the message lists the names there are.</exception>
    public IApplication Get(string name) =>
        TryGet(name, out var app) ? app : throw new ArgumentException($"unknown app '{name}' (this program serves {string.Join(", ", Names)})", nameof(name));

    /// <summary>These applications and <paramref name="more"/>; still no two with one name.</summary>
    public ApplicationSet With(params IApplication[] more) => new(_apps.Concat(more));

    public IEnumerator<IApplication> GetEnumerator() => ((IEnumerable<IApplication>)_apps).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _apps.GetEnumerator();

    private static bool IsPlainName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 32 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
