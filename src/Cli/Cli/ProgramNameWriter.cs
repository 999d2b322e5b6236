using System.Text;
using System.Text.RegularExpressions;

namespace FtCore.Demo.Cli;

/// <summary>
/// The console of a user's program built on FtCore.Cli: every "ftcore " and "ftcore:" it prints (in
/// help, usage errors, hints such as "see: ftcore sim --help") says the program's own name instead,
/// so a user of "bank" is told to run "bank sim". Each write is rewritten whole: the commands print
/// a name and what follows it in one call.
/// </summary>
internal sealed partial class ProgramNameWriter(TextWriter inner, string name) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    /// <summary><paramref name="writer"/> itself for the ftcore tool, else a writer that renames.</summary>
    public static TextWriter For(TextWriter writer, string name) => name == "ftcore" ? writer : new ProgramNameWriter(writer, name);

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(Rename(value));

    public override void WriteLine(string? value) => inner.WriteLine(Rename(value));

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush() => inner.Flush();

    private string? Rename(string? text) => text is null || !text.Contains("ftcore", StringComparison.Ordinal) ? text : ToolName().Replace(text, name);

    /// <summary>The tool's name as a word followed by a space or a colon (not "ftcore.dll" or "/tmp/ftcore-bench").</summary>
    [GeneratedRegex(@"(?<![\w./-])ftcore(?=[ :])")]
    private static partial Regex ToolName();
}
