namespace FtCore.Core.App.Kv;

/// <summary>The kv operations.</summary>
public enum KvOp : byte
{
    /// <summary>Returns the key's value, or null when absent.</summary>
    Get = 1,
    /// <summary>Sets the key to Value.</summary>
    Put = 2,
    /// <summary>Appends Value to the key's value and returns the new value.</summary>
    Append = 3,
    /// <summary>If the key's value equals Value (null: absent), sets it to NewValue; returns whether it did.</summary>
    Cas = 4,
}

/// <summary>One kv command on one key.</summary>
public readonly record struct KvCommand(KvOp Op, string Key, string? Value = null, string? NewValue = null)
{
    public static KvCommand Get(string key) => new(KvOp.Get, key);

    public static KvCommand Put(string key, string value) => new(KvOp.Put, key, value);

    public static KvCommand Append(string key, string value) => new(KvOp.Append, key, value);

    public static KvCommand Cas(string key, string? expected, string value) => new(KvOp.Cas, key, expected, value);

    public string Name => Op switch
    {
        KvOp.Get => "get",
        KvOp.Put => "put",
        KvOp.Append => "append",
        _ => "cas",
    };

    public override string ToString() => Op switch
    {
        KvOp.Get => $"get {Key}",
        KvOp.Put => $"put {Key} {Value}",
        KvOp.Append => $"append {Key} {Value}",
        _ => $"cas {Key} {Value ?? "<none>"} {NewValue}",
    };
}

/// <summary>A kv result: get and append return <see cref="Value"/> (null: absent); cas <see cref="Swapped"/>; put nothing.</summary>
public readonly record struct KvResult(string? Value, bool Swapped = false);
