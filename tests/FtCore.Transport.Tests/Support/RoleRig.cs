using System.Net;
using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Transport.Tcp;

namespace FtCore.Transport.Tests.Support;

/// <summary>Every role kind that listens on a port.</summary>
public enum ListeningRole
{
    Rm,
    Gfd,
    Lfd,
    Replica,

    /// <summary>Not a role of the system: a <see cref="ScriptRole"/> at the RM's address that echoes every message to its sender.</summary>
    Echo,
}

/// <summary>
/// One real role (RM, GFD, LFD1 or S1) in a <see cref="RoleHost"/> on loopback ports of its own,
/// with a capturing logger, a well-behaved peer already connected to it, and a probe that proves
/// the host still serves that peer: it sends the peer's usual message and waits for the role's
/// answer (over the peer's connection for the RM, at a fake listener of the addressee otherwise).
/// </summary>
internal sealed class RoleRig : IAsyncDisposable
{
    private readonly FakeListener? _answers;
    private int _probe;

    private RoleRig(ListeningRole kind, ClusterMap map, RoleHost host, CapturingLogger log, FakeListener? answers)
    {
        Kind = kind;
        Map = map;
        Host = host;
        Log = log;
        _answers = answers;
    }

    public ListeningRole Kind { get; }
    public ClusterMap Map { get; }
    public RoleHost Host { get; }
    public CapturingLogger Log { get; }
    public RawPeer Good { get; private set; } = null!;
    public IPEndPoint Address => Map.Require(Host.Id);

    /// <summary>
    /// Long by default: on a loaded machine a reader can lag, and a host with a short hello timeout
    /// may then drop a connection whose hello is on its way. Tests of the timeout set it short.
    /// </summary>
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(30);

    private readonly List<string> _droppedGoodPeers = [];

    /// <summary>Warning lines, leaving out those about good peers the host dropped before they got to say hello.</summary>
    public IReadOnlyList<string> Warnings => Log.Warnings.Where(l => !_droppedGoodPeers.Any(p => CapturingLogger.Names(l, p))).ToArray();

    /// <summary>Who the well-behaved peer is for each role: the process that normally talks to it.</summary>
    public static NodeId GoodPeerOf(ListeningRole kind) => kind switch
    {
        ListeningRole.Rm or ListeningRole.Echo => NodeId.Admin,
        ListeningRole.Gfd => NodeId.Lfd(1),
        ListeningRole.Lfd => NodeId.Gfd,
        _ => NodeId.Lfd(1),
    };

    public static async Task<RoleRig> StartAsync(ListeningRole kind, Func<HostOptions, HostOptions>? tune = null)
    {
        var map = TestPorts.CompactMap();
        var cluster = new ClusterOptions { Replicas = 1, MaxReplicas = 1, Machines = 1, Clients = 1 };
        Role role = kind switch
        {
            ListeningRole.Rm => new Rm(cluster),
            ListeningRole.Gfd => new Gfd(cluster),
            ListeningRole.Lfd => new Lfd(NodeId.Lfd(1), cluster),
            ListeningRole.Echo => new ScriptRole(NodeId.Rm, echo: true),
            _ => new Replica(NodeId.Replica(1), 7, cluster, ShippedApps.All.Get(cluster.App)),
        };
        // Where the role's answer to the good peer goes when it is not the peer's own connection.
        NodeId? addressee = kind switch
        {
            ListeningRole.Replica => NodeId.Lfd(1),
            ListeningRole.Lfd => NodeId.Gfd,
            ListeningRole.Gfd => NodeId.Rm,
            _ => null,
        };
        var answers = addressee is { } a ? FakeListener.Start(map.Require(a)) : null;
        var log = new CapturingLogger();
        var options = new HostOptions { Map = map, Logger = log, HelloTimeout = HelloTimeout };
        if (tune is not null) options = tune(options);
        var host = new RoleHost(role, options);
        host.Start();
        var rig = new RoleRig(kind, map, host, log, answers);
        try
        {
            await rig.ConnectGoodPeerAsync();
        }
        catch (Exception e)
        {
            var dump = log.Dump();
            await rig.DisposeAsync();
            throw new InvalidOperationException($"{kind} did not serve its first good peer: {e.Message}; log:\n{dump}", e);
        }
        return rig;
    }

    /// <summary>
    /// Connects the good peer and probes. With a short hello timeout on a loaded machine the host
    /// may drop it before its hello is read ("nothing received"), as it should; a real peer then
    /// dials again, and so does this one, a few times.
    /// </summary>
    private async Task ConnectGoodPeerAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Good = await RawPeer.HelloAsync(Address, GoodPeerOf(Kind));
            var local = Good.Local;
            try
            {
                await ProbeAsync();
                return;
            }
            catch (Exception e) when (attempt < 5 && e is InvalidOperationException or System.Net.Sockets.SocketException)
            {
                Good.Dispose();
                bool TimedOut() => Log.WarningsAbout(local).Any(l => l.Contains("nothing received", StringComparison.Ordinal));
                await Poll.UntilAsync(TimedOut, () => $"the good peer {local} failed ({e.Message}), not by the hello timeout; log:\n{Log.Dump()}",
                    TimeSpan.FromSeconds(5));
                _droppedGoodPeers.Add(local);
            }
        }
    }

    /// <summary>The good peer sends its usual message and gets the role's answer.</summary>
    public async Task ProbeAsync()
    {
        var k = ++_probe;
        switch (Kind)
        {
            case ListeningRole.Rm:
                await Good.SendAsync(new AdminCommand(AdminOp.ShowView, default, 0));
                await Good.ReadUntilAsync<AdminReply>();
                break;
            case ListeningRole.Echo:
                var text = $"probe {k}";
                await Good.SendAsync(new AdminReply(text));
                await Good.ReadUntilAsync<AdminReply>(r => r.Text == text);
                break;
            case ListeningRole.Replica:
                await Good.SendAsync(new Heartbeat(k));
                await AnswerAsync<HeartbeatAck>(x => x.Count == k);
                break;
            case ListeningRole.Lfd:
                await Good.SendAsync(new GfdHeartbeat(k));
                await AnswerAsync<LfdStatus>(x => x.Count == k);
                break;
            case ListeningRole.Gfd:
                var member = new ReplicaInc(NodeId.Replica(1), k);
                await Good.SendAsync(new LfdStatus(0, [member]));
                await AnswerAsync<Membership>(x => x.Members.Contains(member));
                break;
        }
    }

    /// <summary>Waits for the answer at the fake addressee; fails at once if the host dropped the good peer.</summary>
    private async Task AnswerAsync<T>(Func<T, bool> match) where T : Message
    {
        var local = Good.Local;
        var found = false;
        var dropped = false;
        await Poll.UntilAsync(() =>
        {
            found = _answers!.Received.Any(r => r.Message is T t && match(t));
            dropped = !found && Log.WarningsAbout(local).Count > 0;
            return found || dropped;
        }, () => $"a {typeof(T).Name} at the fake {_answers!.Address}; log:\n{Log.Dump()}");
        if (dropped) throw new InvalidOperationException($"the host dropped the good peer {local}: {Log.WarningsAbout(local)[0]}");
    }

    /// <summary>The good peer leaves and connects again (a peer that arrives after trouble).</summary>
    public async Task ReplaceGoodPeerAsync()
    {
        Good.Dispose();
        await ConnectGoodPeerAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Good?.Dispose();
        await Host.DisposeAsync();
        if (_answers is not null) await _answers.DisposeAsync();
    }
}
