using FtCore.Core.App;
using FtCore.Core.App.Counter;
using FtCore.Tests.Shared;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>
/// Two applications with one name (in any case) are refused at start: the set throws naming both
/// types, and a program given both exits 2 with one line saying so, before running anything.
/// </summary>
public sealed class DuplicateAppNameTests
{
    public static TheoryData<string> SameNames() => new("counter", "Counter");

    [Theory]
    [MemberData(nameof(SameNames))]
    public void An_application_set_refuses_two_applications_with_one_name_naming_both_types(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => new ApplicationSet(new CounterApp(), new UnluckyApp(name)));

        Assert.Contains($"two applications are named '{name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(CounterApp).FullName!, e.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(UnluckyApp).FullName!, e.Message, StringComparison.Ordinal);
        Assert.Equal("applications", e.ParamName);
    }

    [Fact]
    public void An_application_set_with_distinct_names_is_kept_in_order()
    {
        var set = new ApplicationSet(new CounterApp(), new UnluckyApp());

        Assert.Equal(["counter", "unlucky"], set.Names);
        Assert.Equal("counter", set.Default.Name);
    }

    [Fact]
    public void A_program_given_two_applications_with_one_name_exits_2_with_one_line()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = FtCoreProgram.Run(["sim"], [new UnluckyApp("bank"), new UnluckyApp("bank")], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout.ToString());
        var line = Assert.Single(stderr.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"ftcore: two applications are named 'bank': {typeof(UnluckyApp).FullName} and {typeof(UnluckyApp).FullName}", line);
    }
}
