using System.Collections;
using System.Reflection;

namespace FtCore.Core.Tests.Wire;

/// <summary>
/// Structural equality for test assertions: public properties compared recursively, arrays by
/// content, strings ordinally (so null and "" differ). Independent of the codec, unlike
/// <see cref="Core.Wire.MessageCodec.WireEquals"/>, so it catches an encoding that loses a distinction.
/// </summary>
internal static class DeepEquality
{
    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        var type = a.GetType();
        if (type != b.GetType()) return false;
        // An application's encoded operation and result compare by bytes (and refusal text).
        if (a is string || type.IsPrimitive || type.IsEnum || a is App.Operation || a is App.OpResult) return a.Equals(b);
        if (a is IList listA && b is IList listB)
        {
            if (listA.Count != listB.Count) return false;
            for (var i = 0; i < listA.Count; i++)
            {
                if (!AreEqual(listA[i], listB[i])) return false;
            }
            return true;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            if (!AreEqual(property.GetValue(a), property.GetValue(b))) return false;
        }
        return true;
    }
}
