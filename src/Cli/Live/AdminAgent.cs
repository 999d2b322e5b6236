using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Transport.Tcp;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtCore.Demo.Live;

/// <summary>
/// The admin tool as a tiny role: sends one command to the RM (or, for <c>admin slow</c>, straight
/// to the process it slows), repeats it every second until it answers. <see cref="AskAsync(ClusterMap, AdminCommand, TimeSpan)"/>
/// wraps it in a host for one question.
/// </summary>
internal sealed class AdminAgent(Message command, NodeId to) : Role(NewId())
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
        if (message is AdminReply r && from == to)
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
        Out.Send(to, command);
        NextWakeupUs = nowUs + RepeatUs;
    }

    /// <summary>Asks the RM; null when it did not answer within <paramref name="timeout"/>.</summary>
    public static Task<string?> AskAsync(ClusterMap map, AdminCommand command, TimeSpan timeout) => AskAsync(map, NodeId.Rm, command, timeout);

    /// <summary>Asks <paramref name="to"/>; null when it did not answer within <paramref name="timeout"/>.</summary>
    public static async Task<string?> AskAsync(ClusterMap map, NodeId to, Message command, TimeSpan timeout)
    {
        var agent = new AdminAgent(command, to);
        var host = new RoleHost(agent, new HostOptions
        {
            Map = map,
            Logger = NullLogger.Instance,
            Listen = false,
            DialAtStart = [to],
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
