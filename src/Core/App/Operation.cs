namespace FtCore.Core.App;

/// <summary>The operations of the shipped applications.</summary>
public enum OpKind : byte
{
    /// <summary>counter: my_state += Number, returns the new value.</summary>
    Add = 1,
    /// <summary>counter: returns my_state.</summary>
    Read = 2,
    /// <summary>kv: returns the value of Key, or null when absent.</summary>
    Get = 3,
    /// <summary>kv: sets Key to Text.</summary>
    Put = 4,
    /// <summary>kv: appends Text to Key's value, returns the new value.</summary>
    Append = 5,
    /// <summary>kv: if Key's value equals Text (absent = null), set it to Text2; returns 1 when it did.</summary>
    Cas = 6,
}

/// <summary>A client operation. Which fields matter depends on <see cref="Kind"/>.</summary>
public readonly record struct Operation(OpKind Kind, long Number = 0, string? Key = null, string? Text = null, string? Text2 = null)
{
    public static Operation Add(long n) => new(OpKind.Add, n);
    public static Operation Read() => new(OpKind.Read);
    public static Operation Get(string key) => new(OpKind.Get, Key: key);
    public static Operation Put(string key, string value) => new(OpKind.Put, Key: key, Text: value);
    public static Operation Append(string key, string value) => new(OpKind.Append, Key: key, Text: value);
    public static Operation Cas(string key, string? expected, string value) => new(OpKind.Cas, Key: key, Text: expected, Text2: value);

    public bool IsReadOnly => Kind is OpKind.Read or OpKind.Get;

    /// <summary>The op's name in histories: add, read, get, put, append, cas.</summary>
    public string Name => Kind switch
    {
        OpKind.Add => "add",
        OpKind.Read => "read",
        OpKind.Get => "get",
        OpKind.Put => "put",
        OpKind.Append => "append",
        OpKind.Cas => "cas",
        _ => "?",
    };

    public override string ToString() => Kind switch
    {
        OpKind.Add => $"add {Number}",
        OpKind.Read => "read",
        OpKind.Get => $"get {Key}",
        OpKind.Put => $"put {Key} {Text}",
        OpKind.Append => $"append {Key} {Text}",
        OpKind.Cas => $"cas {Key} {Text ?? "<none>"} {Text2}",
        _ => "?",
    };

    /// <summary>A result of this operation as a console shows it: an absent kv value is &lt;none&gt;, never 0.</summary>
    public string Describe(OpResult result) => Kind switch
    {
        OpKind.Get => result.Text ?? "<none>",
        OpKind.Put => "ok",
        OpKind.Cas => result.Number != 0 ? "swapped" : "not swapped",
        _ => result.ToString(),
    };
}

/// <summary>
/// The result of an operation: counter ops and cas use <see cref="Number"/> (cas: 1 applied, 0 not),
/// get and append use <see cref="Text"/> (null = absent), put returns the default.
/// </summary>
public readonly record struct OpResult(long Number = 0, string? Text = null)
{
    public override string ToString() => Text ?? Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
