using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Transport.Tcp;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtCore.Demo.Live;

/// <summary>
/// The admin tool as a tiny role: sends one command to the RM, repeats it every second until the
/// RM answers. <see cref="AskAsync"/> wraps it in a host for one question.
/// </summary>
internal sealed class AdminAgent(AdminCommand command) : Role(NewId())
{
    /// <summary>
    /// ADMIN with a number of its own: the RM answers an admin on the connection that said hello
    /// with its id, and with one id for every tool the latest connection took the answers of a
    /// tool still waiting (the lab's polling, a tmux pane, a user's command at the same time),
    /// and lost them when it closed. Printed as ADMIN all the same.
    /// </summary>
    private static NodeId NewId() => new(NodeKind.Admin, Random.Shared.Next(1, int.MaxValue));

    private const long RepeatUs = 1_000_000;
    private readonly TaskCompletionSource<string> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> Reply => _reply.Task;

    public override void Start(long nowUs) => Send(nowUs);

    public override void Receive(long nowUs, NodeId from, Message message)
    {
        if (message is AdminReply r && from == NodeId.Rm)
        {
            _reply.TrySetResult(r.Text);
            NextWakeupUs = long.MaxValue;
        }
    }

    public override void Tick(long nowUs)
    {
        if (!_reply.Task.IsCompleted) Send(nowUs);
    }

    private void Send(long nowUs)
    {
        Out.Send(NodeId.Rm, command);
        NextWakeupUs = nowUs + RepeatUs;
    }

    /// <summary>Asks the RM; null when it did not answer within <paramref name="timeout"/>.</summary>
    public static async Task<string?> AskAsync(ClusterMap map, AdminCommand command, TimeSpan timeout)
    {
        var agent = new AdminAgent(command);
        var host = new RoleHost(agent, new HostOptions
        {
            Map = map,
            Logger = NullLogger.Instance,
            Listen = false,
            DialAtStart = [NodeId.Rm],
        });
        host.Start();
        try
        {
            var done = await Task.WhenAny(agent.Reply, Task.Delay(timeout)).ConfigureAwait(false);
            return done == agent.Reply ? await agent.Reply.ConfigureAwait(false) : null;
        }
        finally
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
