using FtCore.Demo.Cli;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>A user's program built on FtCore.Cli names itself in what it prints, never "ftcore".</summary>
public sealed class ProgramNameTests
{
    [Theory]
    [InlineData("ftcore: unknown flag '--x' for ftcore sim (see: ftcore sim --help)", "bank: unknown flag '--x' for bank sim (see: bank sim --help)")]
    [InlineData("usage:\n  ftcore lab [flags]", "usage:\n  bank lab [flags]")]
    [InlineData("dotnet ftcore.dll, /tmp/ftcore-bench/1, FtCore 0.9", "dotnet ftcore.dll, /tmp/ftcore-bench/1, FtCore 0.9")]
    public void A_user_program_renames_the_tool_in_every_line(string printed, string expected)
    {
        var output = new StringWriter();
        ProgramNameWriter.For(output, "bank").Write(printed);
        Assert.Equal(expected, output.ToString());
    }

    [Fact]
    public void The_ftcore_tool_prints_unchanged()
    {
        var output = new StringWriter();
        Assert.Same(output, ProgramNameWriter.For(output, "ftcore"));
    }
}
