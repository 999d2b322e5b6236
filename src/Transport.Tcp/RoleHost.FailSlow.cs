using System.Globalization;
using FtCore.Core.Ids;
using FtCore.Core.Links;
using FtCore.Core.Messages;

namespace FtCore.Transport.Tcp;

/// <summary>
/// The host's fail-slow side: it times the role's round trips (<see cref="LinkTimer"/>) and sends
/// the RM a window of them every report period (LFDs, the GFD and replicas), and it obeys
/// <see cref="SetSlow"/> (<c>ftcore admin slow</c>): while slowed, every message the role would
/// handle is handled the delay later, in the order it came; --cpu adds a busy thread. Not slowed,
/// the only cost on the hot path is one field test per message.
/// </summary>
internal sealed partial class RoleHost
{
    private LinkTimer? _linkTimer;
    private ITimer? _reportTimer;
    private long _slowUs;
    private readonly Queue<(long DueUs, NodeId From, Message Message)> _slowed = new();
    private ITimer? _slowTimer;
    private volatile bool _hogging;
    private Thread? _hog;

    /// <summary>Processes that report their round trips to the RM's fail-slow detector.</summary>
    private bool Reports => Id.Kind is NodeKind.Lfd or NodeKind.Gfd or NodeKind.Replica;

    private void StartFailSlow()
    {
        if (!Reports || _options.Map.AddressOf(NodeId.Rm) is null) return;
        _linkTimer = Links ?? new LinkTimer(Id);
        var period = TimeSpan.FromMilliseconds(new SlowDetectorOptions().ReportMs);
        _reportTimer = _time.CreateTimer(static s => ((RoleHost)s!).Post(((RoleHost)s!).ReportLinks), this, period, period);
    }

    private void ReportLinks(long now)
    {
        if (_stopping || _linkTimer is null) return;
        var window = _linkTimer.TakeWindow();
        if (window.Count > 0) SendTo(NodeId.Rm, new LinkReport([.. window]));
    }

    /// <summary>True when the host took <paramref name="m"/>: a <see cref="SetSlow"/> (answered here), or any message while slowed (handled later).</summary>
    private bool InterceptSlow(NodeId from, Message m)
    {
        if (m is SetSlow s)
        {
            SendTo(from, new AdminReply(ApplySlow(s)));
            return true;
        }
        if (_slowUs <= 0 && _slowed.Count == 0) return false;
        _slowed.Enqueue((NowUs + _slowUs, from, m));
        if (_slowed.Count == 1) ArmSlowTimer();
        return true;
    }

    private string ApplySlow(SetSlow s)
    {
        _slowUs = Math.Max(0, s.DelayUs);
        if (s.Cpu && _hog is null)
        {
            _hogging = true;
            _hog = new Thread(Hog) { IsBackground = true, Name = $"{Id} cpu hog", Priority = ThreadPriority.Normal };
            _hog.Start();
        }
        else if (!s.Cpu && _hog is not null)
        {
            _hogging = false;
            _hog = null;
        }
        var what = _slowUs > 0 || s.Cpu
            ? string.Create(CultureInfo.InvariantCulture, $"{Id} slowed:{(_slowUs > 0 ? $" every message handled {_slowUs / 1000.0:0.###} ms late" : "")}{(s.Cpu ? " a CPU hog beside its loop" : "")}")
            : $"{Id} back to normal speed";
        Line("*** " + what);
        return what;
    }

    private void Hog()
    {
        var x = 0UL;
        while (_hogging) x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        GC.KeepAlive(x);
    }

    private void ArmSlowTimer()
    {
        if (_slowed.Count == 0) return;
        _slowTimer ??= _time.CreateTimer(static s => ((RoleHost)s!).Post(((RoleHost)s!).ReleaseSlowed), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var dueMs = (Math.Max(0, _slowed.Peek().DueUs - NowUs) + 999) / 1000;
        _slowTimer.Change(TimeSpan.FromMilliseconds(dueMs), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Hands the role every put-off message now due, in order.</summary>
    private void ReleaseSlowed(long now)
    {
        while (!_stopping && _slowed.Count > 0 && _slowed.Peek().DueUs <= now)
        {
            var (_, from, m) = _slowed.Dequeue();
            HandleFrame(from, m);
        }
        ArmSlowTimer();
    }

    private async ValueTask StopFailSlowAsync()
    {
        _hogging = false;
        if (_reportTimer is not null) await _reportTimer.DisposeAsync().ConfigureAwait(false);
        if (_slowTimer is not null) await _slowTimer.DisposeAsync().ConfigureAwait(false);
    }
}
