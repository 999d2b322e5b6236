using FtCore.Tests.Shared;
using FtCore.Core.App;
using FtCore.Core.App.Counter;
using FtCore.Core.App.Kv;

namespace FtCore.Tests.Shared;

/// <summary>The shipped applications' operations and results, encoded, for tests that build messages and histories by hand.</summary>
internal static class Ops
{
    public static readonly CounterApp Counter = new();
    public static readonly KvApp Kv = new();

    public static Operation Add(long n) => Counter.Encode(CounterCommand.Add(n));

    public static Operation Read() => Counter.Encode(CounterCommand.Read());

    public static Operation Get(string key) => Kv.Encode(KvCommand.Get(key));

    public static Operation Put(string key, string value) => Kv.Encode(KvCommand.Put(key, value));

    public static Operation Append(string key, string value) => Kv.Encode(KvCommand.Append(key, value));

    public static Operation Cas(string key, string? expected, string value) => Kv.Encode(KvCommand.Cas(key, expected, value));

    /// <summary>A counter result.</summary>
    public static OpResult Num(long value) => Counter.EncodeResult(value);

    /// <summary>A kv get or append result (null: absent).</summary>
    public static OpResult Value(string? value) => Kv.EncodeResult(new KvResult(value));

    /// <summary>A kv cas result.</summary>
    public static OpResult Swapped(bool swapped) => Kv.EncodeResult(new KvResult(null, swapped));

    /// <summary>A kv put result.</summary>
    public static OpResult PutOk() => Kv.EncodeResult(default);

    /// <summary>Whether an operation of either shipped app is a read (counter read, kv get).</summary>
    public static bool IsReadOnly(Operation op)
    {
        try
        {
            return !Counter.Decode(op).IsAdd;
        }
        catch (FormatException)
        {
            return Kv.Decode(op).Op == KvOp.Get;
        }
    }

    public static long NumberOf(OpResult result) => Counter.DecodeResult(result);

    public static string? ValueOf(OpResult result) => Kv.DecodeResult(result).Value;

    public static CounterCommand CounterOf(Operation op) => Counter.Decode(op);

    public static KvCommand KvOf(Operation op) => Kv.Decode(op);
}
