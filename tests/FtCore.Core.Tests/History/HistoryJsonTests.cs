using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;
using Xunit;

namespace FtCore.Core.Tests.History;

public sealed class HistoryJsonTests
{
    private static readonly NodeId C1 = NodeId.Client(1);

    [Fact]
    public void Writes_the_design_examples_exactly()
    {
        var invoke = new HistoryEvent(C1, 101, HistoryType.Invoke, Operation.Add(5), null, 123456789);
        var ok = new HistoryEvent(C1, 101, HistoryType.Ok, Operation.Add(5), new OpResult(42), 123457000);

        Assert.Equal("""{"client":"C1","req":101,"type":"invoke","op":"add","arg":5,"t":123456789}""", HistoryJson.ToJsonLine(invoke));
        Assert.Equal("""{"client":"C1","req":101,"type":"ok","op":"add","arg":5,"result":42,"t":123457000}""", HistoryJson.ToJsonLine(ok));
    }

    [Theory]
    [InlineData("""{"client":"C2","req":1,"type":"ok","op":"read","result":7,"t":5}""")]
    [InlineData("""{"client":"C2","req":1,"type":"info","op":"read","t":5}""")]
    [InlineData("""{"client":"C3","req":2,"type":"invoke","op":"get","key":"x","t":6}""")]
    [InlineData("""{"client":"C3","req":2,"type":"ok","op":"get","key":"x","result":null,"t":6}""")]
    [InlineData("""{"client":"C3","req":2,"type":"ok","op":"get","key":"x","result":"ab","t":6}""")]
    [InlineData("""{"client":"C3","req":3,"type":"ok","op":"put","key":"x","arg":"v","result":null,"t":7}""")]
    [InlineData("""{"client":"C3","req":4,"type":"fail","op":"append","key":"x","arg":"w","t":8}""")]
    [InlineData("""{"client":"C3","req":4,"type":"ok","op":"append","key":"x","arg":"w","result":"vw","t":8}""")]
    [InlineData("""{"client":"C3","req":5,"type":"ok","op":"cas","key":"x","arg":[null,"n"],"result":true,"t":9}""")]
    [InlineData("""{"client":"C3","req":5,"type":"ok","op":"cas","key":"x","arg":["e","n"],"result":false,"t":9}""")]
    [InlineData("""{"client":"C12","req":-3,"type":"ok","op":"add","arg":-9223372036854775808,"result":9223372036854775807,"t":0}""")]
    [InlineData("""{"client":"C1","req":1,"type":"ok","op":"put","key":"q\"\\\n\u0001é😀","arg":"<>&+","result":null,"t":1}""")]
    public void Canonical_lines_round_trip_byte_for_byte(string line)
    {
        var e = HistoryJson.FromJsonLine(line);
        Assert.Equal(line, HistoryJson.ToJsonLine(e));
    }

    [Fact]
    public void Reads_fields_into_the_event()
    {
        var e = HistoryJson.FromJsonLine("""{"client":"C3","req":5,"type":"ok","op":"cas","key":"x","arg":[null,"n"],"result":true,"t":9}""");
        Assert.Equal(new HistoryEvent(NodeId.Client(3), 5, HistoryType.Ok, Operation.Cas("x", null, "n"), new OpResult(1), 9), e);
    }

    [Fact]
    public void Read_skips_blank_lines_and_accepts_crlf()
    {
        var text = "\n" + """{"client":"C1","req":1,"type":"invoke","op":"read","t":1}""" + "\r\n\r\n"
            + """{"client":"C1","req":1,"type":"ok","op":"read","result":0,"t":2}""" + "\n";
        var events = HistoryJson.Read(new StringReader(text));
        Assert.Equal(2, events.Count);
        Assert.Equal(HistoryType.Ok, events[1].Type);
    }

    [Theory]
    [InlineData("""{"client":"C1","req":1,"type":"invoke","op":"mul","arg":5,"t":1}""", "line 7: unknown op 'mul'")]
    [InlineData("""{"client":"C1","req":1,"type":"invoke","op":"add","arg":5}""", "line 7: missing field 't'")]
    [InlineData("""{"req":1,"type":"invoke","op":"add","arg":5,"t":1}""", "line 7: missing field 'client'")]
    [InlineData("""{"client":"C1","req":1,"type":"invoke","op":"add","t":1}""", "line 7: missing field 'arg'")]
    [InlineData("""{"client":"C1","req":1,"type":"ok","op":"add","arg":5,"t":1}""", "line 7: missing field 'result'")]
    [InlineData("""{"client":"C1","req":1,"type":"invoke","op":"add","arg":5,"result":3,"t":1}""", "line 7: field 'result' is only allowed on ok events, not invoke")]
    [InlineData("""{"client":"C1","req":1,"type":"done","op":"add","arg":5,"t":1}""", "line 7: unknown type 'done' (expected invoke, ok, fail or info)")]
    [InlineData("""{"client":"X1","req":1,"type":"invoke","op":"add","arg":5,"t":1}""", "line 7: bad client 'X1' (expected a process id such as C1)")]
    [InlineData("""{"client":"C1","req":"1","type":"invoke","op":"add","arg":5,"t":1}""", "line 7: field 'req' must be a 64-bit integer, got a string")]
    [InlineData("""{"client":"C1","req":1.5,"type":"invoke","op":"add","arg":5,"t":1}""", "line 7: field 'req' must be a 64-bit integer, got 1.5")]
    [InlineData("""{"client":"C1","req":1,"type":"invoke","op":"add","arg":5,"t":1,"x":2}""", "line 7: unknown field 'x'")]
    [InlineData("""{"client":"C1","req":1,"req":2,"type":"invoke","op":"add","arg":5,"t":1}""", "line 7: duplicate field 'req'")]
    [InlineData("""{"client":"C1","req":1,"type":"invoke","op":"get","t":1}""", "line 7: missing field 'key'")]
    [InlineData("""{"client":"C1","req":1,"type":"invoke","op":"read","key":"k","t":1}""", "line 7: field 'key' is only for kv ops, not read")]
    [InlineData("""{"client":"C1","req":1,"type":"invoke","op":"read","arg":1,"t":1}""", "line 7: op 'read' takes no 'arg'")]
    [InlineData("""{"client":"C1","req":1,"type":"invoke","op":"cas","key":"k","arg":"a","t":1}""", "line 7: field 'arg' of cas must be [expected, new]")]
    [InlineData("""{"client":"C1","req":1,"type":"ok","op":"cas","key":"k","arg":["a","b"],"result":1,"t":1}""", "line 7: field 'result' of cas must be true or false, got a number")]
    [InlineData("""{"client":"C1","req":1,"type":"ok","op":"put","key":"k","arg":"a","result":"a","t":1}""", "line 7: field 'result' of put must be null, got a string")]
    [InlineData("""[1,2]""", "line 7: expected a JSON object, got an array")]
    public void Bad_lines_name_the_line_and_the_problem(string line, string message)
    {
        var text = string.Concat(Enumerable.Repeat("""{"client":"C1","req":0,"type":"invoke","op":"read","t":0}""" + "\n", 6)) + line + "\n";
        var ex = Assert.Throws<HistoryFormatException>(() => HistoryJson.Read(new StringReader(text)));
        Assert.Equal(message, ex.Message);
        Assert.Equal(7, ex.LineNumber);
    }

    [Fact]
    public void Invalid_json_is_a_history_format_error()
    {
        var ex = Assert.Throws<HistoryFormatException>(() => HistoryJson.Read(new StringReader("{\"client\":\n")));
        Assert.StartsWith("line 1: not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_written_escaped_and_rejected_on_reading()
    {
        var line = HistoryJson.ToJsonLine(new HistoryEvent(C1, 1, HistoryType.Invoke, Operation.Get("a\uD800"), null, 1));
        Assert.Equal("""{"client":"C1","req":1,"type":"invoke","op":"get","key":"a\ud800","t":1}""", line);
        Assert.Throws<HistoryFormatException>(() => HistoryJson.FromJsonLine(line));
    }

    [Fact]
    public void Write_uses_lf_line_ends()
    {
        var w = new StringWriter { NewLine = "\r\n" };
        HistoryJson.Write(w, [new HistoryEvent(C1, 1, HistoryType.Invoke, Operation.Read(), null, 1), new HistoryEvent(C1, 1, HistoryType.Fail, Operation.Read(), null, 2)]);
        Assert.Equal(
            """{"client":"C1","req":1,"type":"invoke","op":"read","t":1}""" + "\n" + """{"client":"C1","req":1,"type":"fail","op":"read","t":2}""" + "\n",
            w.ToString());
    }

    [Property(MaxTest = 300)]
    public Property Events_round_trip_exactly() =>
        Prop.ForAll(Arb.From(Gen.ListOf(EventGen)), events =>
        {
            var w = new StringWriter();
            HistoryJson.Write(w, events);
            var text = w.ToString();
            var back = HistoryJson.Read(new StringReader(text));
            Assert.Equal(events, back);
            var again = new StringWriter();
            HistoryJson.Write(again, back);
            Assert.Equal(text, again.ToString());
        });

    private static readonly Gen<string> TextGen =
        Gen.OneOf(
            Gen.Elements("", "x", "key", "a b", "quote\"", "back\\slash", "tab\t", "nl\n", "é", "😀", "\u0001", "\u007f", "\u2028"),
            Gen.ArrayOf(Gen.Choose(0x20, 0xD7FF).Select(c => (char)c)).Select(cs => new string(cs)));

    private static readonly Gen<string?> NullableTextGen = Gen.OneOf(TextGen.Select(s => (string?)s), Gen.Constant<string?>(null));

    private static readonly Gen<long> LongGen = Gen.OneOf(
        Gen.Choose(-1000, 1000).Select(i => (long)i),
        Gen.Elements(long.MinValue, long.MaxValue, 0L, 123456789012345L));

    private static readonly Gen<HistoryEvent> EventGen =
        from client in Gen.Choose(1, 999)
        from req in LongGen
        from type in Gen.Elements(HistoryType.Invoke, HistoryType.Ok, HistoryType.Fail, HistoryType.Info)
        from kind in Gen.Elements(OpKind.Add, OpKind.Read, OpKind.Get, OpKind.Put, OpKind.Append, OpKind.Cas)
        from key in TextGen
        from n in LongGen
        from text in NullableTextGen
        from text2 in NullableTextGen
        from resultNumber in LongGen
        from resultText in NullableTextGen
        from flag in Gen.Elements(0L, 1L)
        from t in LongGen
        let op = kind switch
        {
            OpKind.Add => Operation.Add(n),
            OpKind.Read => Operation.Read(),
            OpKind.Get => Operation.Get(key),
            OpKind.Put => new Operation(OpKind.Put, Key: key, Text: text),
            OpKind.Append => new Operation(OpKind.Append, Key: key, Text: text),
            _ => new Operation(OpKind.Cas, Key: key, Text: text, Text2: text2),
        }
        let result = type != HistoryType.Ok
            ? (OpResult?)null
            : kind switch
            {
                OpKind.Add or OpKind.Read => new OpResult(resultNumber),
                OpKind.Get or OpKind.Append => new OpResult(0, resultText),
                OpKind.Put => default(OpResult),
                _ => new OpResult(flag),
            }
        select new HistoryEvent(NodeId.Client(client), req, type, op, result, t);
}
