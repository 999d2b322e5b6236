using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FtCore.Core.History;

/// <summary>
/// Writes JSON values the way history lines have always looked: no spaces, strings escaped only
/// where JSON requires (quote, backslash, control characters, lone surrogates), everything else as is.
/// </summary>
internal static class JsonText
{
    public static void AppendNode(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    AppendNode(sb, a[i]);
                }
                sb.Append(']');
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (name, value) in o)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    AppendString(sb, name);
                    sb.Append(':');
                    AppendNode(sb, value);
                }
                sb.Append('}');
                break;
            default:
                var v = (JsonValue)node;
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String:
                        AppendString(sb, v.GetValue<string>());
                        break;
                    case JsonValueKind.Null:
                        sb.Append("null");
                        break;
                    default:
                        // Numbers and booleans: their JSON text as is.
                        sb.Append(v.ToJsonString());
                        break;
                }
                break;
        }
    }

    public static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        AppendEscape(sb, c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[i + 1]);
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        AppendEscape(sb, c);
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    private static void AppendEscape(StringBuilder sb, char c) =>
        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
