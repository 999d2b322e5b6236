using FtCore.Core.App;
using Xunit;

namespace Bank.Tests;

public class BankStateTests
{
    private static readonly BankApp App = new();

    private static BankCommand Parse(string text) =>
        App.TryParse(text, out var c, out var error) ? c : throw new FormatException(error);

    [Fact]
    public void A_transfer_without_the_funds_is_refused_and_changes_nothing()
    {
        var state = new BankState();
        Assert.Equal(new BankResult(true, 30), state.Apply(Parse("deposit A 30")));
        var before = state.Snapshot();

        Assert.Equal(new BankResult(false, 30), state.Apply(Parse("transfer A B 31")));
        Assert.Equal(new BankResult(false, 30), state.Apply(Parse("withdraw A 50")));
        Assert.Equal(before, state.Snapshot());
        Assert.Equal("insufficient funds (A has 30)", App.FormatResult(Parse("transfer A B 31"), new BankResult(false, 30)));

        Assert.Equal(new BankResult(true, 10), state.Apply(Parse("transfer A B 20")));
        Assert.Equal(new BankResult(true, 20), state.Apply(Parse("balance B")));
        Assert.Equal("A=10 B=20 C=0 D=0 E=0", state.Describe());
        Assert.Null(App.CheckState(state));
    }

    [Fact]
    public void The_model_refuses_the_same_transfer_and_keeps_its_state()
    {
        var model = new BankModel();
        var s = model.Step(model.Initial, Parse("deposit C 5"), out var r);
        Assert.Equal(new BankResult(true, 5), r);

        var after = model.Step(s, Parse("transfer C D 6"), out r);
        Assert.Equal(new BankResult(false, 5), r);
        Assert.Same(s, after);
        Assert.True(model.ChangesNothing(Parse("transfer C D 6"), r));

        after = model.Step(s, Parse("transfer C D 5"), out r);
        Assert.Equal(new BankResult(true, 0), r);
        Assert.True(model.StateComparer.Equals([0, 0, 0, 5, 0], after));
        Assert.Equal([0, 0, 5, 0, 0], s);
    }

    [Fact]
    public void Money_that_appears_from_nowhere_breaks_the_state_check()
    {
        var state = new BankState();
        state.Apply(Parse("deposit E 100"));
        var forged = state.Snapshot();
        forged[8 * 4] = 101; // E's balance 101, but only 100 was deposited
        state.Restore(forged);
        Assert.Contains("money not conserved", App.CheckState(state));
    }

    [Fact]
    public void Snapshots_restore_the_same_state_and_digest()
    {
        var a = new BankState();
        foreach (var c in new[] { "deposit A 7", "deposit B 3", "transfer B E 2", "withdraw A 1" }) a.Apply(Parse(c));
        var b = new BankState();
        b.Restore(a.Snapshot());
        Assert.Equal(a.Describe(), b.Describe());
        Assert.Equal(a.Digest(), b.Digest());
        Assert.Equal(a.NetDeposits, b.NetDeposits);
        Assert.Throws<FormatException>(() => b.Restore(new byte[5]));
    }

    [Theory]
    [InlineData("deposit A 10", "deposit A 10")]
    [InlineData("withdraw e 3", "withdraw E 3")]
    [InlineData("  TRANSFER a  b 1000000 ", "transfer A B 1000000")]
    [InlineData("balance C", "balance C")]
    public void Commands_parse_encode_and_print_back(string typed, string printed)
    {
        var c = Parse(typed);
        Assert.Equal(printed, App.Format(c));
        Assert.Equal(c, App.Decode(App.Encode(c)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("deposit")]
    [InlineData("deposit F 10")]
    [InlineData("deposit A 0")]
    [InlineData("deposit A -5")]
    [InlineData("deposit A 1000001")]
    [InlineData("withdraw A ten")]
    [InlineData("transfer A B")]
    [InlineData("balance A 5")]
    [InlineData("steal A 5")]
    public void Bad_input_is_an_error_not_a_command(string text)
    {
        Assert.False(App.TryParse(text, out _, out var error));
        Assert.StartsWith("bank ops: deposit ACCOUNT N", error);
    }

    [Fact]
    public void Bytes_that_are_not_a_command_are_refused()
    {
        Assert.Throws<FormatException>(() => App.Decode(new Operation([9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])));
        Assert.Throws<FormatException>(() => App.Decode(new Operation([1, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0])));
    }
}
