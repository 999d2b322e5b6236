using System.Globalization;
using System.Text;

namespace FtCore.Demo.Bench;

/// <summary>The kinds of RESP reply the Redis bench reads (no arrays: it sends no command that returns one).</summary>
internal enum RespKind
{
    Integer,
    Error,
    Simple,
    Bulk,
    Null,
}

/// <summary>One RESP reply: an integer (no allocation), or a text (error, simple string, bulk string).</summary>
internal readonly record struct RespReply(RespKind Kind, long Integer, string? Text)
{
    public override string ToString() => Kind switch
    {
        RespKind.Integer => ":" + Integer.ToString(CultureInfo.InvariantCulture),
        RespKind.Null => "(nil)",
        RespKind.Error => "-" + Text,
        _ => Text ?? "",
    };
}

/// <summary>The server sent something that is not a RESP reply this parser knows.</summary>
internal sealed class RespProtocolException(string message) : Exception(message);

/// <summary>
/// An incremental RESP reply parser: bytes go in as they arrive, split anywhere (a reply across
/// two reads, two replies in one read), and whole replies come out. Integer replies, the hot path
/// of the Redis bench (INCR and WAIT), allocate nothing; errors, simple and bulk strings are
/// collected into a string. One reader at a time.
/// </summary>
internal sealed class RespParser
{
    private enum State
    {
        Type,
        Number,
        NumberLf,
        Line,
        LineLf,
        BulkBody,
        BulkCr,
        BulkLf,
    }

    private const int MaxBulk = 64 << 20;

    private State _state = State.Type;
    private RespKind _kind;
    private bool _negative;
    private int _digits;
    private long _value;
    private long _bulkLeft;
    private byte[] _text = new byte[64];
    private int _textLength;

    /// <summary>
    /// Reads on from <paramref name="pos"/> in <paramref name="data"/> until a whole reply is in (true, and
    /// <paramref name="pos"/> just past it) or the data ran out (false, the partial reply kept for the next call).
    /// </summary>
    public bool TryNext(ReadOnlySpan<byte> data, ref int pos, out RespReply reply)
    {
        while (pos < data.Length)
        {
            var b = data[pos];
            switch (_state)
            {
                case State.Type:
                    pos++;
                    _negative = false;
                    _digits = 0;
                    _value = 0;
                    _textLength = 0;
                    switch (b)
                    {
                        case (byte)':': _kind = RespKind.Integer; _state = State.Number; break;
                        case (byte)'$': _kind = RespKind.Bulk; _state = State.Number; break;
                        case (byte)'-': _kind = RespKind.Error; _state = State.Line; break;
                        case (byte)'+': _kind = RespKind.Simple; _state = State.Line; break;
                        default: throw new RespProtocolException($"unexpected reply type byte 0x{b:x2}");
                    }
                    break;
                case State.Number:
                    pos++;
                    if (b == '-' && _digits == 0 && !_negative) _negative = true;
                    else if (b is >= (byte)'0' and <= (byte)'9' && _digits < 18)
                    {
                        _value = (_value * 10) + (b - '0');
                        _digits++;
                    }
                    else if (b == '\r' && _digits > 0) _state = State.NumberLf;
                    else throw new RespProtocolException($"bad byte 0x{b:x2} in a number");
                    break;
                case State.NumberLf:
                    pos++;
                    if (b != '\n') throw new RespProtocolException("a number not ended by CRLF");
                    var n = _negative ? -_value : _value;
                    if (_kind == RespKind.Integer)
                    {
                        _state = State.Type;
                        reply = new RespReply(RespKind.Integer, n, null);
                        return true;
                    }
                    if (n < 0)
                    {
                        _state = State.Type;
                        reply = new RespReply(RespKind.Null, 0, null);
                        return true;
                    }
                    if (n > MaxBulk) throw new RespProtocolException($"a bulk string of {n} bytes");
                    _bulkLeft = n;
                    _state = n == 0 ? State.BulkCr : State.BulkBody;
                    break;
                case State.Line:
                    {
                        var rest = data[pos..];
                        var cr = rest.IndexOf((byte)'\r');
                        var take = cr < 0 ? rest : rest[..cr];
                        Append(take);
                        pos += take.Length;
                        if (cr >= 0)
                        {
                            pos++;
                            _state = State.LineLf;
                        }
                        break;
                    }
                case State.LineLf:
                    pos++;
                    if (b != '\n') throw new RespProtocolException("a line not ended by CRLF");
                    _state = State.Type;
                    reply = new RespReply(_kind, 0, TakeText());
                    return true;
                case State.BulkBody:
                    {
                        var take = data.Slice(pos, (int)Math.Min(_bulkLeft, data.Length - pos));
                        Append(take);
                        pos += take.Length;
                        _bulkLeft -= take.Length;
                        if (_bulkLeft == 0) _state = State.BulkCr;
                        break;
                    }
                case State.BulkCr:
                    pos++;
                    if (b != '\r') throw new RespProtocolException("a bulk string longer than its length");
                    _state = State.BulkLf;
                    break;
                case State.BulkLf:
                    pos++;
                    if (b != '\n') throw new RespProtocolException("a bulk string not ended by CRLF");
                    _state = State.Type;
                    reply = new RespReply(RespKind.Bulk, 0, TakeText());
                    return true;
            }
        }
        reply = default;
        return false;
    }

    /// <summary>True between replies (nothing partial kept).</summary>
    public bool AtBoundary => _state == State.Type;

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_textLength + bytes.Length > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + bytes.Length));
        bytes.CopyTo(_text.AsSpan(_textLength));
        _textLength += bytes.Length;
    }

    private string TakeText()
    {
        var s = Encoding.UTF8.GetString(_text, 0, _textLength);
        _textLength = 0;
        return s;
    }

    /// <summary>A command as a RESP array of bulk strings.</summary>
    public static byte[] Command(params string[] parts)
    {
        var sb = new StringBuilder();
        sb.Append('*').Append(parts.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var p in parts) sb.Append('$').Append(Encoding.UTF8.GetByteCount(p).ToString(CultureInfo.InvariantCulture)).Append("\r\n").Append(p).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
