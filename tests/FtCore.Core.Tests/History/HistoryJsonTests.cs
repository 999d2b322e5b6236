using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Tests.Shared;
using Xunit;

namespace FtCore.Core.Tests.History;

public sealed class HistoryJsonTests
{
    private static readonly NodeId C1 = NodeId.Client(1);

    private static IApplication App(string name) => ShippedApps.All.Get(name);

    [Fact]
    public void Writes_the_design_examples_exactly()
    {
        var invoke = new HistoryEvent(C1, 101, HistoryType.Invoke, Ops.Add(5), null, 123456789);
        var ok = new HistoryEvent(C1, 101, HistoryType.Ok, Ops.Add(5), Ops.Num(42), 123457000);

        Assert.Equal("""{"client":"C1","req":101,"type":"invoke","op":"add","arg":5,"t":123456789}""", HistoryJson.ToJsonLine(invoke, Ops.Counter));
        Assert.Equal("""{"client":"C1","req":101,"type":"ok","op":"add","arg":5,"result":42,"t":123457000}""", HistoryJson.ToJsonLine(ok, Ops.Counter));
    }

    [Theory]
    [InlineData("counter", """{"client":"C2","req":1,"type":"ok","op":"read","result":7,"t":5}""")]
    [InlineData("counter", """{"client":"C2","req":1,"type":"info","op":"read","t":5}""")]
    [InlineData("kv", """{"client":"C3","req":2,"type":"invoke","op":"get","key":"x","t":6}""")]
    [InlineData("kv", """{"client":"C3","req":2,"type":"ok","op":"get","key":"x","result":null,"t":6}""")]
    [InlineData("kv", """{"client":"C3","req":2,"type":"ok","op":"get","key":"x","result":"ab","t":6}""")]
    [InlineData("kv", """{"client":"C3","req":3,"type":"ok","op":"put","key":"x","arg":"v","result":null,"t":7}""")]
    [InlineData("kv", """{"client":"C3","req":4,"type":"fail","op":"append","key":"x","arg":"w","t":8}""")]
    [InlineData("kv", """{"client":"C3","req":4,"type":"fail","op":"append","key":"x","arg":"w","error":"kv threw","t":8}""")]
    [InlineData("kv", """{"client":"C3","req":4,"type":"ok","op":"append","key":"x","arg":"w","result":"vw","t":8}""")]
    [InlineData("kv", """{"client":"C3","req":5,"type":"ok","op":"cas","key":"x","arg":[null,"n"],"result":true,"t":9}""")]
    [InlineData("kv", """{"client":"C3","req":5,"type":"ok","op":"cas","key":"x","arg":["e","n"],"result":false,"t":9}""")]
    [InlineData("counter", """{"client":"C12","req":-3,"type":"ok","op":"add","arg":-9223372036854775808,"result":9223372036854775807,"t":0}""")]
    [InlineData("kv", """{"client":"C1","req":1,"type":"ok","op":"put","key":"q\"\\\n\u0001é😀","arg":"<>&+","result":null,"t":1}""")]
    public void Canonical_lines_round_trip_byte_for_byte(string app, string line)
    {
        var e = HistoryJson.FromJsonLine(line, App(app));
        Assert.Equal(line, HistoryJson.ToJsonLine(e, App(app)));
    }

    [Fact]
    public void Reads_fields_into_the_event()
    {
        var e = HistoryJson.FromJsonLine("""{"client":"C3","req":5,"type":"ok","op":"cas","key":"x","arg":[null,"n"],"result":true,"t":9}""", Ops.Kv);
        Assert.Equal(new HistoryEvent(NodeId.Client(3), 5, HistoryType.Ok, Ops.Cas("x", null, "n"), Ops.Swapped(true), 9), e);
    }

    [Fact]
    public void A_refusal_is_a_fail_with_its_reason()
    {
        var e = new HistoryEvent(C1, 7, HistoryType.Fail, Ops.Add(1), OpResult.Refuse("counter threw"), 3);
        var line = HistoryJson.ToJsonLine(e, Ops.Counter);
        Assert.Equal("""{"client":"C1","req":7,"type":"fail","op":"add","arg":1,"error":"counter threw","t":3}""", line);
        Assert.Equal(e, HistoryJson.FromJsonLine(line, Ops.Counter));
    }

    [Fact]
    public void Read_skips_blank_lines_and_accepts_crlf()
    {
        var text = "\n" + """{"client":"C1","req":1,"type":"invoke","op":"read","t":1}""" + "\r\n\r\n"
            + """{"client":"C1","req":1,"type":"ok","op":"read","result":0,"t":2}""" + "\n";
        var events = HistoryJson.Read(new StringReader(text), Ops.Counter);
        Assert.Equal(2, events.Count);
        Assert.Equal(HistoryType.Ok, events[1].Type);
    }

    [Theory]
    [InlineData("counter", """{"client":"C1","req":1,"type":"invoke","op":"mul","arg":5,"t":1}""", "line 7: not a counter operation: unknown op 'mul' (counter ops are add and read)")]
    [InlineData("counter", """{"client":"C1","req":1,"type":"invoke","op":"add","arg":5}""", "line 7: missing field 't'")]
    [InlineData("counter", """{"req":1,"type":"invoke","op":"add","arg":5,"t":1}""", "line 7: missing field 'client'")]
    [InlineData("counter", """{"client":"C1","req":1,"type":"invoke","op":"add","t":1}""", "line 7: not a counter operation: missing field 'arg'")]
    [InlineData("counter", """{"client":"C1","req":1,"type":"ok","op":"add","arg":5,"t":1}""", "line 7: missing field 'result'")]
    [InlineData("counter", """{"client":"C1","req":1,"type":"invoke","op":"add","arg":5,"result":3,"t":1}""", "line 7: field 'result' is only allowed on ok events, not invoke")]
    [InlineData("counter", """{"client":"C1","req":1,"type":"ok","op":"add","arg":5,"result":3,"error":"x","t":1}""", "line 7: field 'error' is only allowed on fail events, not ok")]
    [InlineData("counter", """{"client":"C1","req":1,"type":"done","op":"add","arg":5,"t":1}""", "line 7: unknown type 'done' (expected invoke, ok, fail or info)")]
    [InlineData("counter", """{"client":"X1","req":1,"type":"invoke","op":"add","arg":5,"t":1}""", "line 7: bad client 'X1' (expected a process id such as C1)")]
    [InlineData("counter", """{"client":"C1","req":"1","type":"invoke","op":"add","arg":5,"t":1}""", "line 7: field 'req' must be a 64-bit integer, got a string")]
    [InlineData("counter", """{"client":"C1","req":1.5,"type":"invoke","op":"add","arg":5,"t":1}""", "line 7: field 'req' must be a 64-bit integer, got 1.5")]
    [InlineData("counter", """{"client":"C1","req":1,"type":"invoke","op":"add","arg":5,"t":1,"x":2}""", "line 7: unknown field 'x' for counter op 'add 5'")]
    [InlineData("counter", """{"client":"C1","req":1,"req":2,"type":"invoke","op":"add","arg":5,"t":1}""", "line 7: duplicate field 'req'")]
    [InlineData("kv", """{"client":"C1","req":1,"type":"invoke","op":"get","t":1}""", "line 7: not a kv operation: missing field 'key'")]
    [InlineData("counter", """{"client":"C1","req":1,"type":"invoke","op":"read","key":"k","t":1}""", "line 7: unknown field 'key' for counter op 'read'")]
    [InlineData("counter", """{"client":"C1","req":1,"type":"invoke","op":"read","arg":1,"t":1}""", "line 7: not a counter operation: op 'read' takes no 'arg'")]
    [InlineData("kv", """{"client":"C1","req":1,"type":"invoke","op":"cas","key":"k","arg":"a","t":1}""", "line 7: not a kv operation: field 'arg' of cas must be [expected, new]")]
    [InlineData("kv", """{"client":"C1","req":1,"type":"ok","op":"cas","key":"k","arg":["a","b"],"result":1,"t":1}""", "line 7: field 'result': field 'result' must be true or false, got a number")]
    [InlineData("kv", """{"client":"C1","req":1,"type":"ok","op":"put","key":"k","arg":"a","result":"a","t":1}""", "line 7: field 'result': the result of put must be null, got a string")]
    [InlineData("counter", """[1,2]""", "line 7: expected a JSON object, got an array")]
    public void Bad_lines_name_the_line_and_the_problem(string app, string line, string message)
    {
        var first = app == "counter" ? """{"client":"C1","req":0,"type":"invoke","op":"read","t":0}""" : """{"client":"C1","req":0,"type":"invoke","op":"get","key":"k","t":0}""";
        var text = string.Concat(Enumerable.Repeat(first + "\n", 6)) + line + "\n";
        var ex = Assert.Throws<HistoryFormatException>(() => HistoryJson.Read(new StringReader(text), App(app)));
        Assert.Equal(message, ex.Message);
        Assert.Equal(7, ex.LineNumber);
    }

    [Fact]
    public void Invalid_json_is_a_history_format_error()
    {
        var ex = Assert.Throws<HistoryFormatException>(() => HistoryJson.Read(new StringReader("{\"client\":\n"), Ops.Counter));
        Assert.StartsWith("line 1: not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_uses_lf_line_ends()
    {
        var w = new StringWriter { NewLine = "\r\n" };
        HistoryJson.Write(w, [new HistoryEvent(C1, 1, HistoryType.Invoke, Ops.Read(), null, 1), new HistoryEvent(C1, 1, HistoryType.Fail, Ops.Read(), null, 2)], Ops.Counter);
        Assert.Equal(
            """{"client":"C1","req":1,"type":"invoke","op":"read","t":1}""" + "\n" + """{"client":"C1","req":1,"type":"fail","op":"read","t":2}""" + "\n",
            w.ToString());
    }

    [Property(MaxTest = 300)]
    public Property Kv_events_round_trip_exactly() =>
        Prop.ForAll(Arb.From(Gen.ListOf(KvEventGen)), events => RoundTrips(events, Ops.Kv));

    [Property(MaxTest = 100)]
    public Property Counter_events_round_trip_exactly() =>
        Prop.ForAll(Arb.From(Gen.ListOf(CounterEventGen)), events => RoundTrips(events, Ops.Counter));

    private static void RoundTrips(IReadOnlyList<HistoryEvent> events, IApplication app)
    {
        var w = new StringWriter();
        HistoryJson.Write(w, events, app);
        var text = w.ToString();
        var back = HistoryJson.Read(new StringReader(text), app);
        Assert.Equal(events, back);
        var again = new StringWriter();
        HistoryJson.Write(again, back, app);
        Assert.Equal(text, again.ToString());
    }

    private static readonly Gen<string> TextGen =
        Gen.OneOf(
            Gen.Elements("", "x", "key", "a b", "quote\"", "back\\slash", "tab\t", "nl\n", "é", "😀", "\u0001", "\u007f", "\u2028"),
            Gen.ArrayOf(Gen.Choose(0x20, 0xD7FF).Select(c => (char)c)).Select(cs => new string(cs)));

    private static readonly Gen<string?> NullableTextGen = Gen.OneOf(TextGen.Select(s => (string?)s), Gen.Constant<string?>(null));

    private static readonly Gen<long> LongGen = Gen.OneOf(
        Gen.Choose(-1000, 1000).Select(i => (long)i),
        Gen.Elements(long.MinValue, long.MaxValue, 0L, 123456789012345L));

    private static readonly Gen<HistoryType> TypeGen = Gen.Elements(HistoryType.Invoke, HistoryType.Ok, HistoryType.Fail, HistoryType.Info);

    private static readonly Gen<HistoryEvent> CounterEventGen =
        from client in Gen.Choose(1, 999)
        from req in LongGen
        from type in TypeGen
        from add in Gen.Elements(true, false)
        from n in LongGen
        from result in LongGen
        from t in LongGen
        select new HistoryEvent(NodeId.Client(client), req, type, add ? Ops.Add(n) : Ops.Read(), type == HistoryType.Ok ? Ops.Num(result) : null, t);

    private static readonly Gen<HistoryEvent> KvEventGen =
        from client in Gen.Choose(1, 999)
        from req in LongGen
        from type in TypeGen
        from kind in Gen.Choose(0, 3)
        from key in TextGen
        from text in TextGen
        from expected in NullableTextGen
        from resultText in NullableTextGen
        from flag in Gen.Elements(true, false)
        from t in LongGen
        let op = kind switch
        {
            0 => Ops.Get(key),
            1 => Ops.Put(key, text),
            2 => Ops.Append(key, text),
            _ => Ops.Cas(key, expected, text),
        }
        let result = type != HistoryType.Ok
            ? (OpResult?)null
            : kind switch
            {
                0 or 2 => Ops.Value(resultText),
                1 => Ops.PutOk(),
                _ => Ops.Swapped(flag),
            }
        select new HistoryEvent(NodeId.Client(client), req, type, op, result, t);
}
