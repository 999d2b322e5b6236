using System.Globalization;

namespace FtCore.Core.App.Counter;

/// <summary>One register of long starting at 0: add n returns the new value, read returns it.</summary>
public sealed class CounterModel : SequentialModel<CounterCommand, long, long>
{
    public override long Initial => 0;

    public override long Step(long state, CounterCommand command, out long result)
    {
        result = command.IsAdd ? unchecked(state + command.Amount) : state;
        return result;
    }

    public override bool IsReadOnly(CounterCommand command) => !command.IsAdd;

    public override bool TryGetStateBefore(CounterCommand command, long recorded, out long state)
    {
        state = command.IsAdd ? unchecked(recorded - command.Amount) : recorded;
        return true;
    }

    public override bool MayLeave(CounterCommand command, long target) => command.IsAdd;

    public override string DescribeState(long state) => state.ToString(CultureInfo.InvariantCulture);
}
