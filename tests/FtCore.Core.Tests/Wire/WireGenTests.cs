using FsCheck.Fluent;
using FtCore.Core.Messages;
using Xunit;

namespace FtCore.Core.Tests.Wire;

/// <summary>The generators cover every message, so the codec properties do too.</summary>
public class WireGenTests
{
    [Fact]
    public void Every_message_kind_has_a_generator() =>
        Assert.Equal(Enum.GetValues<MessageKind>(), WireGen.ByKind.Keys.Order());

    [Fact]
    public void Every_message_type_is_generated_under_its_kind()
    {
        var messageTypes = typeof(Message).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Message)) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();
        var generated = WireGen.ByKind
            .Select(pair => (pair.Key, Sample: pair.Value.Sample(1).Single()))
            .ToArray();

        Assert.All(generated, g => Assert.Equal(g.Key, g.Sample.Kind));
        Assert.Equal(messageTypes, generated.Select(g => g.Sample.GetType()).OrderBy(t => t.Name, StringComparer.Ordinal));
    }
}
